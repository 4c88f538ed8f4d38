import type * as T from '../../../protocol/generated/cloudhsmv2.js';
import { resourceNotFound } from '../errors.js';
import { decodeToken, pageOf } from '../pagination.js';
import { checkTagKeys, putTags } from '../model/tags.js';
import { txOf, type OpContext } from './context.js';

/** A cluster or backup of the caller in this region. */
async function requireTaggable(ctx: OpContext, resourceId: string): Promise<void> {
  const tx = txOf(ctx);
  const owner = resourceId.startsWith('cluster-') ? await tx.cloudhsmClusters.get(resourceId) : await tx.cloudhsmBackups.get(resourceId);
  if (!owner || owner.accountId !== ctx.call.accountId || owner.region !== ctx.call.region) throw resourceNotFound(resourceId);
}

export async function tagResource(ctx: OpContext, input: T.TagResourceRequest): Promise<T.TagResourceResponse> {
  await requireTaggable(ctx, input.ResourceId);
  await putTags(txOf(ctx), input.ResourceId, input.TagList, ctx.opts.quotas.tagsPerResource);
  return {};
}

export async function untagResource(ctx: OpContext, input: T.UntagResourceRequest): Promise<T.UntagResourceResponse> {
  await requireTaggable(ctx, input.ResourceId);
  checkTagKeys(input.TagKeyList);
  await txOf(ctx).cloudhsmTags.remove(input.ResourceId, input.TagKeyList);
  return {};
}

export async function listTags(ctx: OpContext, input: T.ListTagsRequest): Promise<T.ListTagsResponse> {
  await requireTaggable(ctx, input.ResourceId);
  const limit = input.MaxResults ?? 100;
  const cursor = decodeToken(input.NextToken);
  const rows = await txOf(ctx).cloudhsmTags.page(input.ResourceId, cursor ? String(cursor.k) : undefined, limit + 1);
  const { page, next } = pageOf(rows, limit, (t) => ({ k: t.Key }));
  return { TagList: page, NextToken: next };
}
