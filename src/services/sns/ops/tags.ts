/** Topic tags: TagResource, UntagResource, ListTagsForResource (at most 50 tags a topic, SNS quotas). */
import type * as T from '../../../protocol/generated/sns.js';
import type { SnsTopic } from '../../../storage/ports/sns.js';
import type { CallContext } from '../../service.js';
import { parseTopicArn } from '../arns.js';
import { invalidParameter, resourceNotFound, tagLimitExceeded } from '../errors.js';

const MAX_TAGS = 50;

export const tagMap = (tags: T.Tag[]) => Object.fromEntries(tags.map((t) => [t.Key, t.Value]));

export function checkTags(tags: T.Tag[]): void {
  if (new Set(tags.map((t) => t.Key)).size !== tags.length) throw invalidParameter('Tags Reason: Duplicated keys are not allowed.');
  if (tags.length > MAX_TAGS) throw tagLimitExceeded();
}

async function taggedTopic(call: CallContext, arn: string): Promise<SnsTopic> {
  parseTopicArn(arn, 'ResourceArn');
  const topic = await call.tx.snsTopics.get(arn);
  if (!topic) throw resourceNotFound();
  return topic;
}

export async function tagResource(call: CallContext, i: T.TagResourceRequest): Promise<T.TagResourceResponse> {
  const topic = await taggedTopic(call, i.ResourceArn);
  checkTags(i.Tags);
  const tags = { ...topic.tags, ...tagMap(i.Tags) };
  if (Object.keys(tags).length > MAX_TAGS) throw tagLimitExceeded();
  await call.tx.snsTopics.setTags(topic.arn, tags);
  return {};
}

export async function untagResource(call: CallContext, i: T.UntagResourceRequest): Promise<T.UntagResourceResponse> {
  const topic = await taggedTopic(call, i.ResourceArn);
  const tags = { ...topic.tags };
  for (const k of i.TagKeys) delete tags[k];
  await call.tx.snsTopics.setTags(topic.arn, tags);
  return {};
}

export async function listTagsForResource(call: CallContext, i: T.ListTagsForResourceRequest): Promise<T.ListTagsForResourceResponse> {
  const topic = await taggedTopic(call, i.ResourceArn);
  return { Tags: Object.entries(topic.tags).map(([Key, Value]) => ({ Key, Value })) };
}
