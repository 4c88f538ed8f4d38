/**
 * Reads the AWS service models. The aws-sdk v2 package's `apis/*.min.json` files drop shape names and every
 * constraint (min, max, pattern, enum), which the validator and the typed interfaces need, so the source is
 * botocore's full `service-2.json.gz` (the same JSON model format). Override the directory with
 * HSMTRAIL_BOTOCORE_DATA.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';

const PYENV_SITE = '/root/.pyenv/versions';

export interface ModelSource {
  dataDir: string;
  botocoreVersion: string;
}

export function findBotocore(): ModelSource | undefined {
  const candidates: string[] = [];
  if (process.env.HSMTRAIL_BOTOCORE_DATA) candidates.push(process.env.HSMTRAIL_BOTOCORE_DATA);
  if (existsSync(PYENV_SITE)) {
    for (const v of readdirSync(PYENV_SITE)) {
      const lib = join(PYENV_SITE, v, 'lib');
      if (!existsSync(lib)) continue;
      for (const py of readdirSync(lib)) candidates.push(join(lib, py, 'site-packages/botocore/data'));
    }
  }
  candidates.push(...botocoreFromPython());
  for (const dataDir of candidates) {
    if (existsSync(join(dataDir, 'sts'))) return { dataDir, botocoreVersion: readVersion(join(dataDir, '..')) };
  }
  return undefined;
}

function readVersion(pkgDir: string): string {
  const init = join(pkgDir, '__init__.py');
  if (!existsSync(init)) return 'unknown';
  const m = /__version__\s*=\s*'([^']+)'/.exec(readFileSync(init, 'utf8'));
  return m ? m[1] : 'unknown';
}

export function loadModel(src: ModelSource, name: string, apiVersion: string): Record<string, any> {
  const file = join(src.dataDir, name, apiVersion, 'service-2.json.gz');
  return JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
}

/** Wherever python3's botocore lives (CI machines need not use pyenv). */
function botocoreFromPython(): string[] {
  const r = spawnSync('python3', ['-c', 'import botocore, os; print(os.path.join(os.path.dirname(botocore.__file__), "data"))'], {
    encoding: 'utf8',
  });
  return r.status === 0 ? [r.stdout.trim()] : [];
}
