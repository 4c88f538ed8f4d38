// Before against now for bench/profile-compressed-lookup.ts: BASELINE_REF's `lookupEvents` and SQLite store
// beside this tree's, on the same two files (text, compacted), pages alternating across all four in one
// process, so old and new code share the same moment's load. The schema is the same in both trees
// (a baseline with another schema would migrate the files: use one with this tree's migrations).
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LookupEventsInput, LookupEventsOutput } from '../src/query/lookup-events.js';
import type { Repositories } from '../src/storage/ports.js';

const REPO = resolve(import.meta.dirname, '..');

interface Tree {
  SqliteStore: new (path: string) => {
    read<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
    close(): void;
  };
  lookupEvents(tx: Repositories, input: LookupEventsInput, opts: { region: string }): Promise<LookupEventsOutput>;
}

/** BASELINE_REF's source tree in a temporary directory (git archive + this tree's node_modules), as footprint.bench.ts does. */
function baselineTree(ref: string): { sha: string; dir: string } {
  const sha = execFileSync('git', ['rev-parse', '--short', ref], { cwd: REPO, encoding: 'utf8' }).trim();
  const dir = join(tmpdir(), `hsmtrail-baseline-src-${sha}`);
  if (!existsSync(join(dir, 'src'))) {
    mkdirSync(dir, { recursive: true });
    execSync(`git archive ${sha} | tar -x -C ${dir}`, { cwd: REPO });
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  }
  return { sha, dir };
}

async function tree(root: string): Promise<Tree> {
  const store = (await import(join(root, 'src/storage/sqlite/store.ts'))) as { SqliteStore: Tree['SqliteStore'] };
  const lookup = (await import(join(root, 'src/query/lookup-events.ts'))) as { lookupEvents: Tree['lookupEvents'] };
  return { SqliteStore: store.SqliteStore, lookupEvents: lookup.lookupEvents };
}

export type Pages = (read: (input: LookupEventsInput) => Promise<string | undefined>) => Promise<number[]>;

/** p50 ms of `pages` for each of before/now × text/compressed, per attribute. */
export async function beforeAndNow(
  ref: string,
  files: { text: string; z: string },
  attributes: Array<[string, LookupEventsInput['LookupAttributes']]>,
  end: Date,
  rounds: number,
  pages: Pages,
  report: (line: string) => void,
): Promise<void> {
  const { sha, dir } = baselineTree(ref);
  const trees = { [`before (${sha})`]: await tree(dir), now: await tree(REPO) };
  const subjects = Object.entries(trees).flatMap(([name, t]) =>
    (['text', 'z'] as const).map((kind) => ({
      name: `${name} ${kind === 'z' ? 'compressed' : 'text'}`,
      t,
      store: new t.SqliteStore(files[kind]),
    })),
  );
  try {
    for (const [attribute, attrs] of attributes) {
      const times = subjects.map(() => [] as number[]);
      for (let r = 0; r < rounds; r++) {
        for (const [i, { t, store }] of subjects.entries()) {
          const read = async (input: LookupEventsInput) =>
            (
              await store.read((tx) =>
                t.lookupEvents(tx, { ...input, LookupAttributes: attrs, EndTime: end, MaxResults: 50 }, { region: 'us-east-1' }),
              )
            ).NextToken;
          times[i]!.push(...(await pages(read)));
        }
      }
      const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(3);
      report(`before/now store LookupEvents ${attribute} p50 ms: ${subjects.map((s, i) => `${s.name} ${p50(times[i]!)}`).join('; ')}`);
    }
  } finally {
    for (const { store } of subjects) store.close();
  }
}
