import type { Statement } from 'better-sqlite3';
import type { Db } from '../storage/sqlite/database.js';

const cache = new WeakMap<Db, Map<string, Statement>>();

/** Query shapes repeat (one per lookup attribute), so each is prepared once per connection. */
export function prepared(db: Db, sql: string): Statement {
  let byText = cache.get(db);
  if (!byText) cache.set(db, (byText = new Map()));
  let stmt = byText.get(sql);
  if (!stmt) byText.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}
