/**
 * A target's Input (constant JSON text, delivered as is) or InputPath (a JSONPath selecting part of the event,
 * EventBridge User Guide, "Transforming target input"): the subset `$`, `$.a.b`, `$['a-b']` and `$.a[0]`.
 */

type Step = string | number;

/** The path's steps, or undefined when it is outside the supported subset. */
export function parseInputPath(path: string): Step[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const steps: Step[] = [];
  const re = /\.([A-Za-z0-9_$-]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const at = re.lastIndex;
    const m = re.exec(path);
    if (!m || m.index !== at) return undefined;
    steps.push(m[2] !== undefined ? Number(m[2]) : (m[1] ?? m[3] ?? m[4])!);
  }
  return steps;
}

/** The selected value as JSON text; undefined when the path selects nothing. */
export function selectInputPath(steps: Step[], event: unknown): string | undefined {
  let v: unknown = event;
  for (const s of steps) {
    if (typeof s === 'number') v = Array.isArray(v) ? v[s] : undefined;
    else v = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[s] : undefined;
    if (v === undefined) return undefined;
  }
  return JSON.stringify(v);
}
