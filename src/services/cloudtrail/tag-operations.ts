import type { AddTagsRequest, ListTagsRequest, RemoveTagsRequest, Tag } from '../../protocol/generated/cloudtrail.js';
import type { Db } from '../../storage/sqlite/database.js';
import type { CallContext } from '../service.js';
import { TrailErrors } from './errors.js';
import { parseTrailArnOrName } from './trail-names.js';
import { trailStore } from './trail-store.js';

const MAX_TAGS = 50;

/** Tags belong to trails of the caller's account, named by ARN (AWS allows 50 per resource: TagsLimitExceededException). */
function taggedTrail(call: CallContext, resourceId: string): string {
  const parsed = parseTrailArnOrName(resourceId);
  if (!parsed) throw TrailErrors.arnInvalid(resourceId);
  const trail = parsed.accountId === call.accountId ? trailStore.get(call.db, resourceId) : undefined;
  if (!trail) throw TrailErrors.resourceNotFound(resourceId);
  return trail.arn;
}

export function putTags(db: Db, arn: string, tags: Tag[]): void {
  for (const t of tags) {
    if (t.Key.length < 1 || t.Key.length > 128 || t.Key.startsWith('aws:')) throw TrailErrors.invalidTag(`Tag key is not valid: ${t.Key}`);
    if ((t.Value ?? '').length > 256) throw TrailErrors.invalidTag(`Tag value is not valid for key: ${t.Key}`);
  }
  const stmt = db.prepare('INSERT INTO ct_tags VALUES (?, ?, ?) ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value');
  for (const t of tags) stmt.run(arn, t.Key, t.Value ?? '');
  const count = (db.prepare('SELECT COUNT(*) AS n FROM ct_tags WHERE resource_arn = ?').get(arn) as { n: number }).n;
  if (count > MAX_TAGS) throw TrailErrors.tagsLimit();
}

function tagsOf(db: Db, arn: string): Tag[] {
  return (
    db.prepare('SELECT key, value FROM ct_tags WHERE resource_arn = ? ORDER BY key').all(arn) as Array<{ key: string; value: string }>
  ).map((r) => ({
    Key: r.key,
    Value: r.value,
  }));
}

export function addTags(input: AddTagsRequest, call: CallContext) {
  putTags(call.db, taggedTrail(call, input.ResourceId), input.TagsList);
  return {};
}

/** Removes the keys named; a tag whose Value is given is removed only when the value matches. */
export function removeTags(input: RemoveTagsRequest, call: CallContext) {
  const arn = taggedTrail(call, input.ResourceId);
  const stmt = call.db.prepare('DELETE FROM ct_tags WHERE resource_arn = ? AND key = ? AND (? IS NULL OR value = ?)');
  for (const t of input.TagsList) stmt.run(arn, t.Key, t.Value ?? null, t.Value ?? null);
  return {};
}

export function listTags(input: ListTagsRequest, call: CallContext) {
  return { ResourceTagList: input.ResourceIdList.map((id) => ({ ResourceId: id, TagsList: tagsOf(call.db, taggedTrail(call, id)) })) };
}
