/**
 * "By default, you can have up to 200 filter policies per topic" (SNS Developer Guide, "Filter policy constraints in
 * Amazon SNS"): attaching a policy to a subscription that had none, on a topic that already has 200, is refused with
 * FilterPolicyLimitExceeded (403): a Subscribe that brings a policy, or SetSubscriptionAttributes adding one. A
 * Subscribe without a policy, and replacing a policy, still succeed. The per-account quota (10,000) is not enforced.
 */
import { ServiceError } from '../../../errors/service-error.js';
import type { CallContext } from '../../service.js';

export const FILTER_POLICIES_PER_TOPIC = 200;

const LIMIT_MESSAGE = `Filter policy limit exceeded: a topic can have at most ${FILTER_POLICIES_PER_TOPIC} filter policies`;
const filterPolicyLimitExceeded = () => new ServiceError('FilterPolicyLimitExceeded', LIMIT_MESSAGE, { status: 403 });

/** Throws when `topicArn` already has the quota's filter policies and `adding` would add one. */
export async function checkFilterPolicyQuota(call: CallContext, topicArn: string, adding: boolean): Promise<void> {
  if (!adding) return;
  let count = 0;
  for (let after: string | undefined, page; ; after = page[page.length - 1]!.arn) {
    page = await call.tx.snsSubscriptions.listByTopic(topicArn, after, 100);
    count += page.filter((s) => s.attributes.FilterPolicy !== undefined).length;
    if (count >= FILTER_POLICIES_PER_TOPIC) throw filterPolicyLimitExceeded();
    if (page.length < 100) return;
  }
}
