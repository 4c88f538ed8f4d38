import type Database from 'better-sqlite3';
import type { Db } from './database.js';

/** How a domain field is stored: Dates as epoch ms, booleans as 0/1, objects as JSON text. */
type Kind = 'value' | 'date' | 'bool' | 'json';

/** Domain field → [SQL column, storage kind]. */
export type Columns<T> = { [K in keyof T]-?: readonly [column: string, kind?: Kind] };

function toSql(kind: Kind | undefined, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (kind === 'date') return (v as Date).getTime();
  if (kind === 'bool') return v ? 1 : 0;
  if (kind === 'json') return JSON.stringify(v);
  return v;
}

function fromSql(kind: Kind | undefined, v: unknown): unknown {
  if (v === null) return kind === 'bool' ? false : null;
  if (kind === 'date') return new Date(v as number);
  if (kind === 'bool') return v === 1;
  if (kind === 'json') return JSON.parse(v as string);
  return v;
}

/** Named parameters (by column) for the fields present in `value`. */
export function encode<T>(columns: Columns<T>, value: Partial<T>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value) as Array<keyof T>) {
    const spec = columns[key];
    if (spec) out[spec[0]] = toSql(spec[1], value[key]);
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

/** Per statement (its result columns are fixed once prepared): each field's column position and kind. */
const plans = new WeakMap<object, { columns: object; fields: Array<[field: string, position: number, kind: Kind | undefined]> }>();

function planOf<T>(stmt: Database.Statement, columns: Columns<T>) {
  const known = plans.get(stmt);
  if (known?.columns === columns) return known.fields;
  const names = stmt.columns().map((c) => c.name);
  const fields = (Object.entries(columns) as Array<[string, readonly [string, Kind?]]>).map(([field, [column, kind]]) => {
    const position = names.indexOf(column);
    if (position < 0) throw new Error(`column ${column} is not in the result of: ${stmt.source}`);
    return [field, position, kind] as [string, number, Kind | undefined];
  });
  plans.set(stmt, { columns, fields });
  return fields;
}

/**
 * A SELECT's rows as domain values, read as arrays (`.raw()`): better-sqlite3 then builds no object keyed
 * by column name per row (half a list's read cost at 27 columns), and each field is taken by position.
 * The statement cache resets raw mode whenever it hands a statement out, so no other caller sees it.
 */
export function selectAll<T>(db: Db, sql: string, columns: Columns<T>, args: readonly unknown[]): T[] {
  const stmt = db.prepare(sql);
  const fields = planOf(stmt, columns);
  return (stmt.raw(true).all(...args) as unknown[][]).map((row) => fromRaw<T>(fields, row));
}

/** The first row of a SELECT as a domain value (see selectAll), or undefined. */
export function selectOne<T>(db: Db, sql: string, columns: Columns<T>, args: readonly unknown[]): T | undefined {
  const stmt = db.prepare(sql);
  const fields = planOf(stmt, columns);
  const row = stmt.raw(true).get(...args) as unknown[] | undefined;
  return row ? fromRaw<T>(fields, row) : undefined;
}

function fromRaw<T>(fields: ReturnType<typeof planOf>, row: unknown[]): T {
  const out: Record<string, unknown> = {};
  for (const [field, position, kind] of fields) out[field] = fromSql(kind, row[position]);
  return out as T;
}

export function insertRow<T>(db: Db, table: string, columns: Columns<T>, value: T): void {
  const params = encode(columns, value as Partial<T>);
  const cols = Object.keys(params);
  db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`).run(params);
}

/** Updates the given fields of the row whose `idColumn` is `id`. */
export function updateRow<T>(db: Db, table: string, columns: Columns<T>, idColumn: string, id: string, changes: Partial<T>): void {
  const params = encode(columns, changes);
  const cols = Object.keys(params);
  if (cols.length === 0) return;
  db.prepare(`UPDATE ${table} SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE ${idColumn} = @__id`).run({ ...params, __id: id });
}

/** `column IN (?, ...)` for a filter's values; an empty list matches nothing. */
export function inList(column: string, values: readonly unknown[]): { sql: string; args: unknown[] } {
  if (values.length === 0) return { sql: '0', args: [] };
  return { sql: `${column} IN (${values.map(() => '?').join(', ')})`, args: [...values] };
}

export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');
