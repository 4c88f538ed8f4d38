/**
 * DescribeClusters / DescribeBackups filters: values within a key are OR-ed, keys are AND-ed.
 * Unknown keys and impossible values are CloudHsmInvalidRequestException. The checked filters go to
 * the repository as a plain object (key → allowed values).
 */
import { invalidRequest } from './errors.js';

export interface FilterSpec<K extends string> {
  keys: readonly K[];
  /** Allowed values per key, when the key is an enum. */
  values?: Partial<Record<K, readonly string[]>>;
}

export function checkFilters<K extends string>(
  filters: Record<string, string[]> | undefined,
  spec: FilterSpec<K>,
): Partial<Record<K, string[]>> {
  const out: Partial<Record<K, string[]>> = {};
  for (const [key, values] of Object.entries(filters ?? {})) {
    if (!(spec.keys as readonly string[]).includes(key)) {
      throw invalidRequest(`Invalid filter key '${key}'. Valid filter keys are: ${spec.keys.join(', ')}.`);
    }
    const allowed = spec.values?.[key as K];
    const bad = allowed ? values.find((v) => !allowed.includes(v)) : undefined;
    if (bad !== undefined) throw invalidRequest(`Invalid value '${bad}' for filter '${key}'. Valid values are: ${allowed!.join(', ')}.`);
    out[key as K] = values;
  }
  return out;
}
