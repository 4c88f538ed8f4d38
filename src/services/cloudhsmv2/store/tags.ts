import type { Db } from '../../../storage/sqlite/database.js';
import type { Tag } from '../../../protocol/generated/cloudhsmv2.js';
import { limitExceeded, tagError } from '../errors.js';

export function tagsOf(db: Db, resourceId: string): Tag[] {
  return db.prepare('SELECT key AS Key, value AS Value FROM cloudhsm_tags WHERE resource_id = ? ORDER BY key').all(resourceId) as Tag[];
}

/** Tags of many resources at once (one page of clusters or backups). */
export function tagsOfMany(db: Db, ids: string[]): Map<string, Tag[]> {
  const map = new Map<string, Tag[]>();
  if (ids.length === 0) return map;
  const rows = db
    .prepare(`SELECT resource_id, key, value FROM cloudhsm_tags WHERE resource_id IN (${ids.map(() => '?').join(',')}) ORDER BY key`)
    .all(...ids) as { resource_id: string; key: string; value: string }[];
  for (const r of rows) map.set(r.resource_id, [...(map.get(r.resource_id) ?? []), { Key: r.key, Value: r.value }]);
  return map;
}

/** Rules the model cannot express: reserved prefix, duplicate keys. */
export function checkTagList(tags: Tag[]): void {
  const seen = new Set<string>();
  for (const t of tags) {
    if (t.Key.toLowerCase().startsWith('aws:'))
      throw tagError(`Tag key '${t.Key}' is invalid: keys starting with 'aws:' are reserved for AWS use.`);
    if (seen.has(t.Key)) throw tagError(`Duplicate tag key '${t.Key}' in TagList.`);
    seen.add(t.Key);
  }
}

export function checkTagKeys(keys: string[]): void {
  for (const k of keys)
    if (k.toLowerCase().startsWith('aws:'))
      throw tagError(`Tag key '${k}' is invalid: keys starting with 'aws:' are reserved for AWS use.`);
}

/** TagResource semantics: existing keys are overwritten; the total may not exceed the quota. */
export function putTags(db: Db, resourceId: string, tags: Tag[], maxTags: number): void {
  checkTagList(tags);
  const existing = new Set(tagsOf(db, resourceId).map((t) => t.Key));
  const total = existing.size + tags.filter((t) => !existing.has(t.Key)).length;
  if (total > maxTags)
    throw limitExceeded(`Resource '${resourceId}' would have ${total} tags; a resource can have at most ${maxTags} tags.`);
  const put = db.prepare('INSERT INTO cloudhsm_tags VALUES (?, ?, ?) ON CONFLICT (resource_id, key) DO UPDATE SET value = excluded.value');
  for (const t of tags) put.run(resourceId, t.Key, t.Value);
}

export function removeTags(db: Db, resourceId: string, keys: string[]): void {
  const del = db.prepare('DELETE FROM cloudhsm_tags WHERE resource_id = ? AND key = ?');
  for (const k of keys) del.run(resourceId, k);
}

export function dropTags(db: Db, resourceId: string): void {
  db.prepare('DELETE FROM cloudhsm_tags WHERE resource_id = ?').run(resourceId);
}
