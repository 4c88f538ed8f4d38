/**
 * DescribeClusters / DescribeBackups filters as SQL: values within a key are OR-ed (IN), keys are
 * AND-ed. Unknown keys and impossible values are CloudHsmInvalidRequestException.
 */
import { invalidRequest } from './errors.js';

export interface FilterSpec {
  /** Filter key → SQL column. */
  columns: Record<string, string>;
  /** Allowed values per key, when the key is an enum. */
  values?: Record<string, readonly string[]>;
}

export function filterSql(filters: Record<string, string[]> | undefined, spec: FilterSpec): { where: string[]; args: unknown[] } {
  const where: string[] = [];
  const args: unknown[] = [];
  for (const [key, values] of Object.entries(filters ?? {})) {
    const column = spec.columns[key];
    if (!column) {
      throw invalidRequest(`Invalid filter key '${key}'. Valid filter keys are: ${Object.keys(spec.columns).join(', ')}.`);
    }
    const allowed = spec.values?.[key];
    const bad = allowed ? values.find((v) => !allowed.includes(v)) : undefined;
    if (bad !== undefined) throw invalidRequest(`Invalid value '${bad}' for filter '${key}'. Valid values are: ${allowed!.join(', ')}.`);
    if (values.length === 0) {
      where.push('0');
      continue;
    }
    where.push(`${column} IN (${values.map(() => '?').join(',')})`);
    args.push(...values.map((v) => (key === 'neverExpires' ? (v === 'true' ? 1 : 0) : v)));
  }
  return { where, args };
}
