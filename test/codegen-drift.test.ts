import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUT_DIR, renderAll } from '../codegen/generate.js';
import { findBotocore } from '../codegen/source.js';

const src = findBotocore();
if (!src && process.env.CI === 'true')
  throw new Error('botocore (python3 -m pip install botocore) is required under CI for the codegen drift check');

describe.skipIf(!src)('generated wire models', () => {
  it('match what `npm run gen` would write now', () => {
    for (const [file, text] of renderAll(src!)) {
      const committed = readFileSync(join(OUT_DIR, file), 'utf8');
      expect(committed === text, `${file} is stale: run npm run gen`).toBe(true);
    }
  });
});
