/**
 * SNS compares numbers "with five digits of accuracy after the decimal point" (SNS Developer Guide, "Filter policy
 * constraints in Amazon SNS"): policy numbers and message numbers are both rounded to that before they meet.
 */
export function roundNumber(n: number): number {
  // toFixed is exact decimal rounding up to 1e21; past 1e15 a double has no fractional digits left to round.
  return Number.isFinite(n) && Math.abs(n) < 1e15 ? Number(n.toFixed(5)) : n;
}

/**
 * `v` with every number in it rounded (a message body or a String.Array attribute, parsed). What has no number to
 * round comes back as it was, not copied: most bodies are walked, never rebuilt.
 */
export function roundNumbers(v: unknown): unknown {
  if (typeof v === 'number') return roundNumber(v);
  if (Array.isArray(v)) {
    const out = v.map(roundNumbers);
    return out.some((x, i) => x !== v[i]) ? out : v;
  }
  if (typeof v !== 'object' || v === null) return v;
  const entries = Object.entries(v);
  const rounded = entries.map(([, x]) => roundNumbers(x));
  // fromEntries defines own properties: a body's "__proto__" key stays a key.
  return rounded.some((x, i) => x !== entries[i]![1]) ? Object.fromEntries(entries.map(([k], i) => [k, rounded[i]])) : v;
}
