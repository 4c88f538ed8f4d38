import type { Db } from '../../storage/sqlite/database.js';
import type { SecretBox } from './secret-box.js';

type Statement = ReturnType<Db['prepare']> & {
  run(...p: unknown[]): { changes: number };
  get(...p: unknown[]): unknown;
  all(...p: unknown[]): unknown[];
};

/**
 * What every repository of the identity store shares: the database, the secret box and the version
 * counter. Each mutation bumps the version, so caches keyed on it (credentials, compiled policy sets)
 * drop stale entries on the very next request.
 */
export class StoreCore {
  private v = 0;
  private readonly statements = new Map<string, Statement>();

  constructor(
    readonly db: Db,
    readonly box: SecretBox,
  ) {}

  get version(): number {
    return this.v;
  }

  changed(): void {
    this.v++;
  }

  /** Prepared statements are cached by their SQL text. */
  sql(text: string): Statement {
    let st = this.statements.get(text);
    if (!st) {
      st = this.db.prepare(text) as Statement;
      this.statements.set(text, st);
    }
    return st;
  }

  all<T>(text: string, ...params: unknown[]): T[] {
    return this.sql(text).all(...params) as T[];
  }

  get<T>(text: string, ...params: unknown[]): T | undefined {
    return this.sql(text).get(...params) as T | undefined;
  }

  run(text: string, ...params: unknown[]): number {
    const changes = this.sql(text).run(...params).changes;
    if (changes > 0) this.changed();
    return changes;
  }
}
