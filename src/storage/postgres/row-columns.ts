import type { Sql } from './sql.js';

/** How a domain field is stored: Dates as epoch ms (BIGINT), booleans as BOOLEAN, objects as JSON text. */
type Kind = 'value' | 'date' | 'bool' | 'json';

/** Domain field → [SQL column, storage kind]. */
export type Columns<T> = { [K in keyof T]-?: readonly [column: string, kind?: Kind] };

function toSql(kind: Kind | undefined, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (kind === 'date') return (v as Date).getTime();
  if (kind === 'bool') return Boolean(v);
  if (kind === 'json') return JSON.stringify(v);
  return v;
}

function fromSql(kind: Kind | undefined, v: unknown): unknown {
  if (v === null || v === undefined) return kind === 'bool' ? false : null;
  if (kind === 'date') return new Date(v as number);
  if (kind === 'json') return JSON.parse(v as string);
  return v;
}

/** Column → SQL value for the fields present in `value`. */
export function encode<T>(columns: Columns<T>, value: Partial<T>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const key of Object.keys(value) as Array<keyof T>) {
    const spec = columns[key];
    if (spec) out.set(spec[0], toSql(spec[1], value[key]));
  }
  return out;
}

export function decode<T>(columns: Columns<T>, row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [key, [column, kind]] of Object.entries(columns) as Array<[string, readonly [string, Kind?]]>) {
    out[key] = fromSql(kind, row[column]);
  }
  return out as T;
}

export async function insertRow<T>(sql: Sql, table: string, columns: Columns<T>, value: T): Promise<void> {
  const params = encode(columns, value as Partial<T>);
  const cols = [...params.keys()];
  const text = `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`;
  await sql.run(text, [...params.values()]);
}

/** Updates the given fields of the row whose `idColumn` is `id`. */
export async function updateRow<T>(
  sql: Sql,
  table: string,
  columns: Columns<T>,
  idColumn: string,
  id: string,
  changes: Partial<T>,
): Promise<void> {
  const params = encode(columns, changes);
  const cols = [...params.keys()];
  if (cols.length === 0) return;
  const set = cols.map((c, i) => `${c} = $${i + 1}`).join(', ');
  await sql.run(`UPDATE ${table} SET ${set} WHERE ${idColumn} = $${cols.length + 1}`, [...params.values(), id]);
}

/** Collects a statement's parameters, handing out their $n placeholders. */
export class Params {
  readonly values: unknown[] = [];
  /** The placeholder of one more parameter. */
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
  /** `column = ANY($n)` for a filter's values; an empty list matches nothing. */
  anyOf(column: string, values: readonly unknown[]): string {
    return values.length === 0 ? 'FALSE' : `${column} = ANY(${this.add([...values])})`;
  }
}
