import type { ConsumerCursorRepository } from '../ports/cursors.js';
import type { Db } from './database.js';

/** Consumer cursors in consumer_cursors; the upsert's MAX keeps a position from moving back. */
export class SqliteConsumerCursorRepository implements ConsumerCursorRepository {
  constructor(private readonly db: Db) {}

  async get(name: string): Promise<number | undefined> {
    return this.db.prepare('SELECT seq FROM consumer_cursors WHERE name = ?').pluck().get(name) as number | undefined;
  }

  async advance(name: string, seq: number): Promise<void> {
    this.db
      .prepare('INSERT INTO consumer_cursors (name, seq) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET seq = MAX(seq, excluded.seq)')
      .run(name, seq);
  }

  async list(prefix: string): Promise<Map<string, number>> {
    // substr, not LIKE: names hold ARNs, whose '_' LIKE would take for a wildcard.
    const rows = this.db
      .prepare('SELECT name, seq FROM consumer_cursors WHERE substr(name, 1, length(?)) = ? ORDER BY name')
      .all(prefix, prefix) as Array<{ name: string; seq: number }>;
    return new Map(rows.map((r) => [r.name, r.seq]));
  }

  async delete(name: string): Promise<void> {
    this.db.prepare('DELETE FROM consumer_cursors WHERE name = ?').run(name);
  }
}
