import type { Tag } from '../../protocol/generated/cloudhsmv2.js';
import type { CloudHsmTagRepository } from '../ports/cloudhsm.js';
import type { Sql } from './sql.js';

/** Tags of CloudHSM clusters and backups; keys compare and sort bytewise (COLLATE "C"), as on SQLite. */
export class PgCloudHsmTagRepository implements CloudHsmTagRepository {
  constructor(private readonly sql: Sql) {}

  of(resourceId: string): Promise<Tag[]> {
    return this.sql.all<Tag>('SELECT key AS "Key", value AS "Value" FROM cloudhsm_tags WHERE resource_id = $1 ORDER BY key', [resourceId]);
  }

  async ofMany(resourceIds: string[]): Promise<Map<string, Tag[]>> {
    const map = new Map<string, Tag[]>();
    if (resourceIds.length === 0) return map;
    const rows = await this.sql.all<{ resource_id: string; key: string; value: string }>(
      'SELECT resource_id, key, value FROM cloudhsm_tags WHERE resource_id = ANY($1) ORDER BY key',
      [resourceIds],
    );
    for (const r of rows) map.set(r.resource_id, [...(map.get(r.resource_id) ?? []), { Key: r.key, Value: r.value }]);
    return map;
  }

  page(resourceId: string, afterKey: string | undefined, limit: number): Promise<Tag[]> {
    return this.sql.all<Tag>(
      `SELECT key AS "Key", value AS "Value" FROM cloudhsm_tags WHERE resource_id = $1 AND ($2::text IS NULL OR key > $2)
       ORDER BY key LIMIT $3`,
      [resourceId, afterKey ?? null, limit],
    );
  }

  async put(resourceId: string, tags: Tag[]): Promise<void> {
    for (const t of tags) {
      await this.sql.run(
        `INSERT INTO cloudhsm_tags (resource_id, key, value) VALUES ($1, $2, $3)
         ON CONFLICT (resource_id, key) DO UPDATE SET value = excluded.value`,
        [resourceId, t.Key, t.Value],
      );
    }
  }

  async remove(resourceId: string, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.sql.run('DELETE FROM cloudhsm_tags WHERE resource_id = $1 AND key = ANY($2)', [resourceId, keys]);
  }

  async drop(resourceId: string): Promise<void> {
    await this.sql.run('DELETE FROM cloudhsm_tags WHERE resource_id = $1', [resourceId]);
  }
}
