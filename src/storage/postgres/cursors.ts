import type { ConsumerCursorRepository } from '../ports/cursors.js';
import type { Sql } from './sql.js';

/** Consumer cursors in consumer_cursors; the upsert's GREATEST keeps a position from moving back. */
export class PgConsumerCursorRepository implements ConsumerCursorRepository {
  constructor(private readonly sql: Sql) {}

  async get(name: string): Promise<number | undefined> {
    return (await this.sql.one<{ seq: number }>('SELECT seq FROM consumer_cursors WHERE name = $1', [name]))?.seq;
  }

  async advance(name: string, seq: number): Promise<void> {
    await this.sql.run(
      `INSERT INTO consumer_cursors (name, seq) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET seq = GREATEST(consumer_cursors.seq, excluded.seq)`,
      [name, seq],
    );
  }

  async list(prefix: string): Promise<Map<string, number>> {
    // starts_with, not LIKE: names hold ARNs, whose '_' LIKE would take for a wildcard.
    const rows = await this.sql.all<{ name: string; seq: number }>(
      'SELECT name, seq FROM consumer_cursors WHERE starts_with(name, $1) ORDER BY name',
      [prefix],
    );
    return new Map(rows.map((r) => [r.name, r.seq]));
  }

  async delete(name: string): Promise<void> {
    await this.sql.run('DELETE FROM consumer_cursors WHERE name = $1', [name]);
  }
}
