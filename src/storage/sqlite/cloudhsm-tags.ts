import type { Tag } from '../../protocol/generated/cloudhsmv2.js';
import type { CloudHsmTagRepository } from '../ports/cloudhsm.js';
import type { Db } from './database.js';
import { placeholders } from './record-columns.js';

export class SqliteCloudHsmTagRepository implements CloudHsmTagRepository {
  constructor(private readonly db: Db) {}

  async of(resourceId: string): Promise<Tag[]> {
    return this.db
      .prepare('SELECT key AS Key, value AS Value FROM cloudhsm_tags WHERE resource_id = ? ORDER BY key')
      .all(resourceId) as Tag[];
  }

  async ofMany(resourceIds: string[]): Promise<Map<string, Tag[]>> {
    const map = new Map<string, Tag[]>();
    if (resourceIds.length === 0) return map;
    const sql = `SELECT resource_id, key, value FROM cloudhsm_tags WHERE resource_id IN (${placeholders(resourceIds.length)}) ORDER BY key`;
    const rows = this.db.prepare(sql).all(...resourceIds) as { resource_id: string; key: string; value: string }[];
    for (const r of rows) map.set(r.resource_id, [...(map.get(r.resource_id) ?? []), { Key: r.key, Value: r.value }]);
    return map;
  }

  async page(resourceId: string, afterKey: string | undefined, limit: number): Promise<Tag[]> {
    const sql = `SELECT key AS Key, value AS Value FROM cloudhsm_tags WHERE resource_id = ? ${afterKey !== undefined ? 'AND key > ?' : ''} ORDER BY key LIMIT ?`;
    const args = [resourceId, ...(afterKey !== undefined ? [afterKey] : []), limit];
    return this.db.prepare(sql).all(...args) as Tag[];
  }

  async put(resourceId: string, tags: Tag[]): Promise<void> {
    const put = this.db.prepare(
      'INSERT INTO cloudhsm_tags (resource_id, key, value) VALUES (?, ?, ?) ON CONFLICT (resource_id, key) DO UPDATE SET value = excluded.value',
    );
    for (const t of tags) put.run(resourceId, t.Key, t.Value);
  }

  async remove(resourceId: string, keys: string[]): Promise<void> {
    const del = this.db.prepare('DELETE FROM cloudhsm_tags WHERE resource_id = ? AND key = ?');
    for (const k of keys) del.run(resourceId, k);
  }

  async drop(resourceId: string): Promise<void> {
    this.db.prepare('DELETE FROM cloudhsm_tags WHERE resource_id = ?').run(resourceId);
  }
}
