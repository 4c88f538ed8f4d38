import pg from 'pg';

/**
 * Column types as the repositories want them: BIGINT (int8) and NUMERIC as JS numbers. Every value
 * the schema keeps in them (sequence numbers, epoch milliseconds, counts) is below 2^53.
 */
export const PG_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** What a repository sees of one transaction's connection: parameterised statements ($1, $2, ...). */
export interface Sql {
  /** Every row. */
  all<R>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** The first row, if any. */
  one<R>(text: string, params?: readonly unknown[]): Promise<R | undefined>;
  /** Runs a change; resolves to how many rows it touched. */
  run(text: string, params?: readonly unknown[]): Promise<number>;
}

/** Binds the statements to one pooled client (the transaction's); `onError` hears of every failed one. */
export function sqlOn(client: pg.ClientBase, onError?: () => void): Sql {
  const query = async (text: string, params: readonly unknown[] = []) => {
    try {
      return await client.query(text, params as unknown[]);
    } catch (err) {
      onError?.();
      throw err;
    }
  };
  return {
    all: async <R>(text: string, params?: readonly unknown[]) => (await query(text, params)).rows as R[],
    one: async <R>(text: string, params?: readonly unknown[]) => (await query(text, params)).rows[0] as R | undefined,
    run: async (text: string, params?: readonly unknown[]) => (await query(text, params)).rowCount ?? 0,
  };
}

/** Strips SQL NULLs so absent optional fields are absent, not null. */
export function stripNulls<T extends object>(row: T): T {
  for (const k of Object.keys(row) as (keyof T)[]) if (row[k] === null) delete row[k];
  return row;
}
