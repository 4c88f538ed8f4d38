/**
 * The smallest string greater than every string starting with `prefix`: its last code point plus
 * one (skipping surrogates). UTF-8 preserves code-point order and no encoding is a prefix of
 * another, so [prefix, prefixEnd) is exactly the keys under prefix. Undefined when unbounded.
 */
export function prefixEnd(prefix: string): string | undefined {
  const cps = [...prefix];
  while (cps.length > 0) {
    const cp = cps.pop()!.codePointAt(0)!;
    if (cp < 0x10ffff) return cps.join('') + String.fromCodePoint(cp === 0xd7ff ? 0xe000 : cp + 1);
  }
  return undefined;
}
