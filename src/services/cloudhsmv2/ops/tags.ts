import type * as T from '../../../protocol/generated/cloudhsmv2.js';
import type { Db } from '../../../storage/sqlite/database.js';
import { resourceNotFound } from '../errors.js';
import { decodeToken, pageOf } from '../pagination.js';
import { checkTagKeys, putTags, removeTags } from '../store/tags.js';
import type { OpContext } from './context.js';

/** A cluster or backup of the caller in this region. */
export function requireTaggable(db: Db, accountId: string, region: string, resourceId: string): void {
  const table = resourceId.startsWith('cluster-') ? 'cloudhsm_clusters' : 'cloudhsm_backups';
  const column = resourceId.startsWith('cluster-') ? 'cluster_id' : 'backup_id';
  const found = db
    .prepare(`SELECT 1 FROM ${table} WHERE ${column} = ? AND account_id = ? AND region = ?`)
    .get(resourceId, accountId, region);
  if (!found) throw resourceNotFound(resourceId);
}

export function tagResource(ctx: OpContext, input: T.TagResourceRequest): T.TagResourceResponse {
  requireTaggable(ctx.call.db, ctx.call.accountId, ctx.call.region, input.ResourceId);
  putTags(ctx.call.db, input.ResourceId, input.TagList, ctx.opts.quotas.tagsPerResource);
  return {};
}

export function untagResource(ctx: OpContext, input: T.UntagResourceRequest): T.UntagResourceResponse {
  requireTaggable(ctx.call.db, ctx.call.accountId, ctx.call.region, input.ResourceId);
  checkTagKeys(input.TagKeyList);
  removeTags(ctx.call.db, input.ResourceId, input.TagKeyList);
  return {};
}

export function listTags(ctx: OpContext, input: T.ListTagsRequest): T.ListTagsResponse {
  const { db, accountId, region } = ctx.call;
  requireTaggable(db, accountId, region, input.ResourceId);
  const limit = input.MaxResults ?? 100;
  const cursor = decodeToken(input.NextToken);
  const rows = db
    .prepare(
      `SELECT key AS Key, value AS Value FROM cloudhsm_tags WHERE resource_id = ? ${cursor ? 'AND key > ?' : ''} ORDER BY key LIMIT ?`,
    )
    .all(...[input.ResourceId, ...(cursor ? [String(cursor.k)] : []), limit + 1]) as T.Tag[];
  const { page, next } = pageOf(rows, limit, (t) => ({ k: t.Key }));
  return { TagList: page, NextToken: next };
}
