/** Tags of rules and of the default bus: TagResource, UntagResource, ListTagsForResource. */
import type * as T from '../../../protocol/generated/events.js';
import type { CallContext } from '../../service.js';
import { busArn, parseBusArn, parseRuleArn } from '../arns.js';
import { busNotFound, ruleNotFound } from '../errors.js';

export const tagsOf = (tags: T.Tag[]) => Object.fromEntries(tags.map((t) => [t.Key, t.Value]));

/** The ARN names the default bus or an existing rule of the caller's account and region. */
async function resourceOf(call: CallContext, arn: string): Promise<string> {
  if (arn === busArn(call.region, call.accountId)) return arn;
  const rule = parseRuleArn(arn);
  if (rule && rule.region === call.region && rule.accountId === call.accountId && (await call.tx.eventRules.get(arn))) return arn;
  if (rule) throw ruleNotFound(rule.name, 'default');
  throw busNotFound(parseBusArn(arn)?.name ?? arn);
}

export async function tagResource(call: CallContext, i: T.TagResourceRequest): Promise<T.TagResourceResponse> {
  const arn = await resourceOf(call, i.ResourceARN);
  await call.tx.eventTags.set(arn, { ...(await call.tx.eventTags.get(arn)), ...tagsOf(i.Tags) });
  return {};
}

export async function untagResource(call: CallContext, i: T.UntagResourceRequest): Promise<T.UntagResourceResponse> {
  const arn = await resourceOf(call, i.ResourceARN);
  const tags = await call.tx.eventTags.get(arn);
  for (const k of i.TagKeys) delete tags[k];
  await call.tx.eventTags.set(arn, tags);
  return {};
}

export async function listTagsForResource(call: CallContext, i: T.ListTagsForResourceRequest): Promise<T.ListTagsForResourceResponse> {
  const arn = await resourceOf(call, i.ResourceARN);
  return { Tags: Object.entries(await call.tx.eventTags.get(arn)).map(([Key, Value]) => ({ Key, Value })) };
}
