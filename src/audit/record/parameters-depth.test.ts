import { describe, expect, it } from 'vitest';
import { recordParameters, redactShaped } from './parameters.js';

/** Client documents handed to the recorder untyped (a parsed bucket policy) may nest without limit. */
describe('recording deeply nested untyped values', () => {
  const deepArrays = (n: number): unknown => {
    let v: unknown = 'leaf';
    for (let i = 0; i < n; i++) v = [v];
    return v;
  };
  const depthOf = (v: unknown): number => {
    let depth = 0;
    for (let cur = v; typeof cur === 'object' && cur !== null; depth++) cur = Array.isArray(cur) ? cur[0] : Object.values(cur)[0];
    return depth;
  };

  it('records a 100k-deep value without exhausting the stack, cut at 64 levels', () => {
    const out = redactShaped({ bucketPolicy: { Statement: deepArrays(100_000) } })!;
    expect(() => JSON.stringify(out)).not.toThrow();
    expect(depthOf(out)).toBeLessThanOrEqual(65);
    expect(depthOf(recordParameters(undefined, undefined, { a: deepArrays(100_000) }))).toBeLessThanOrEqual(65);
  });

  it('keeps ordinary nesting whole', () => {
    const policy = { Statement: [{ Condition: { StringEquals: { 'aws:username': ['a', 'b'] } } }] };
    expect(redactShaped({ bucketPolicy: policy })).toEqual({ bucketPolicy: policy });
  });
});
