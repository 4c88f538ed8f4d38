import type {
  AddTagsRequest,
  AddTagsResponse,
  ListTagsRequest,
  ListTagsResponse,
  RemoveTagsRequest,
  RemoveTagsResponse,
  Tag,
} from '../../../protocol/generated/cloudtrail.js';
import type { Repositories } from '../../../storage/ports.js';
import type { CallContext } from '../../service.js';
import { TrailErrors } from '../errors.js';
import { parseTrailArnOrName } from './trail-names.js';

const MAX_TAGS = 50;

/** Tags belong to trails of the caller's account, named by ARN (AWS allows 50 per resource: TagsLimitExceededException). */
async function taggedTrail(call: CallContext, resourceId: string): Promise<string> {
  const parsed = parseTrailArnOrName(resourceId);
  if (!parsed) throw TrailErrors.arnInvalid(resourceId);
  const trail = parsed.accountId === call.accountId ? await call.tx.trails.get(resourceId) : undefined;
  if (!trail) throw TrailErrors.resourceNotFound(resourceId);
  return trail.arn;
}

/** Validates and stores `tags` on the trail; over the limit, the call fails (and its transaction rolls back). */
export async function putTags(tx: Repositories, arn: string, tags: Tag[]): Promise<void> {
  for (const t of tags) {
    if (t.Key.length < 1 || t.Key.length > 128 || t.Key.startsWith('aws:')) throw TrailErrors.invalidTag(`Tag key is not valid: ${t.Key}`);
    if ((t.Value ?? '').length > 256) throw TrailErrors.invalidTag(`Tag value is not valid for key: ${t.Key}`);
  }
  const count = await tx.trails.putTags(
    arn,
    tags.map((t) => ({ key: t.Key, value: t.Value ?? '' })),
  );
  if (count > MAX_TAGS) throw TrailErrors.tagsLimit();
}

export async function addTags(input: AddTagsRequest, call: CallContext): Promise<AddTagsResponse> {
  await putTags(call.tx, await taggedTrail(call, input.ResourceId), input.TagsList);
  return {};
}

/** Removes the keys named; a tag whose Value is given is removed only when the value matches. */
export async function removeTags(input: RemoveTagsRequest, call: CallContext): Promise<RemoveTagsResponse> {
  const arn = await taggedTrail(call, input.ResourceId);
  await call.tx.trails.removeTags(
    arn,
    input.TagsList.map((t) => ({ key: t.Key, value: t.Value })),
  );
  return {};
}

export async function listTags(input: ListTagsRequest, call: CallContext): Promise<ListTagsResponse> {
  const ResourceTagList = [];
  for (const id of input.ResourceIdList) {
    const tags = await call.tx.trails.tags(await taggedTrail(call, id));
    ResourceTagList.push({ ResourceId: id, TagsList: tags.map((t) => ({ Key: t.key, Value: t.value })) });
  }
  return { ResourceTagList };
}
