/**
 * The repository must stand alone: comments and docs state the rule they rely on, or cite public AWS
 * documentation, never a document that lives outside the repository (the private specs' section numbers).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const DIRS = ['src', 'test', 'bench', 'codegen', 'docs', 'scripts'];
const FILES = ['README.md', 'BENCHMARKS.md'];

/** Citations of documents outside the repository. */
const OUTSIDE_CITATION = /reference §|cloudtrail\.md|cloudhsm-sts-iam\.md|§[0-9]|architecture-anchors|review-2026|spec §|wave-2-pointers/;

function* walk(path: string): Generator<string> {
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path)) {
      if (entry !== 'node_modules' && !entry.startsWith('.')) yield* walk(join(path, entry));
    }
  } else {
    yield path;
  }
}

function filesToCheck(): string[] {
  const dirs = DIRS.map((d) => join(ROOT, d)).filter((d) => statSync(d, { throwIfNoEntry: false })?.isDirectory());
  const roots = FILES.map((f) => join(ROOT, f)).filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile());
  return [...dirs.flatMap((d) => [...walk(d)]), ...roots].filter((f) => f !== SELF);
}

describe('the repository is self-contained', () => {
  it('cites no document outside the repository', () => {
    const hits: string[] = [];
    for (const file of filesToCheck()) {
      const bytes = readFileSync(file);
      if (bytes.includes(0)) continue; // binary
      bytes
        .toString('utf8')
        .split('\n')
        .forEach((line, i) => {
          const m = OUTSIDE_CITATION.exec(line);
          if (m) hits.push(`${relative(ROOT, file)}:${i + 1}: ${m[0]}`);
        });
    }
    expect(hits, 'state the rule or cite the public AWS page instead').toEqual([]);
  });
});
