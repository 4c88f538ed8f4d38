/**
 * Topic and subscription attributes: which are settable (SetTopicAttributes, SetSubscriptionAttributes in the SNS
 * API Reference), their checks, and the read-only ones Get*Attributes derive.
 */
import { invalidParameter } from './errors.js';
import { compileFilterPolicy, FilterPolicyError, filterScopeOf } from './filter/policy.js';

/** Stored as given. KmsMasterKeyId and TracingConfig are accepted but not applied (no KMS, no X-Ray here). */
const TOPIC_SETTABLE = new Set(['Policy', 'DisplayName', 'DeliveryPolicy', 'SignatureVersion', 'KmsMasterKeyId', 'TracingConfig']);
/** RedrivePolicy is stored but not applied; FilterPolicy is applied at fan-out (filter/), DeliveryPolicy by http-delivery.ts. */
const SUBSCRIPTION_SETTABLE = new Set(['RawMessageDelivery', 'FilterPolicy', 'FilterPolicyScope', 'RedrivePolicy', 'DeliveryPolicy']);
const JSON_VALUED = new Set(['Policy', 'DeliveryPolicy', 'FilterPolicy', 'RedrivePolicy']);

/** The delivery policy AWS reports for a topic that sets none (GetTopicAttributes EffectiveDeliveryPolicy). */
export const DEFAULT_EFFECTIVE_DELIVERY_POLICY = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: {
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: 'linear',
    },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
});

/**
 * The policy SNS gives a new topic: the account's principals may manage and publish, conditioned on
 * AWS:SourceOwner (SNS Developer Guide, "Example cases for Amazon SNS access control").
 */
export function defaultTopicPolicy(arn: string, accountId: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: arn,
        Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
      },
    ],
  });
}

export function checkTopicAttribute(name: string, value: string): void {
  if (name === 'FifoTopic' || name === 'ContentBasedDeduplication') {
    if (value === 'false') return;
    throw invalidParameter(`Attributes Reason: FIFO topics are not supported by hsmtrail`);
  }
  if (!TOPIC_SETTABLE.has(name)) throw invalidParameter(`AttributeName`);
  if (name === 'SignatureVersion' && value !== '1' && value !== '2') {
    throw invalidParameter(`Attributes Reason: SignatureVersion: Invalid value [${value}]. Must be one of: 1, 2`);
  }
  checkJson(name, value);
}

export function checkSubscriptionAttribute(name: string, value: string): void {
  if (!SUBSCRIPTION_SETTABLE.has(name)) throw invalidParameter('AttributeName');
  if (name === 'RawMessageDelivery' && !/^(true|false)$/i.test(value)) {
    throw invalidParameter(`Attributes Reason: RawMessageDelivery: Invalid value [${value}]. Must be true or false.`);
  }
  if (name === 'FilterPolicyScope' && value !== 'MessageAttributes' && value !== 'MessageBody') {
    throw invalidParameter(`FilterPolicyScope: Invalid value [${value}]. Please use either MessageBody or MessageAttributes`);
  }
  checkJson(name, value);
}

/**
 * A subscription's attributes as a change would leave them: their FilterPolicy must compile under their
 * FilterPolicyScope. `context` is what AWS puts before the reason: "Attributes Reason: " for Subscribe, nothing for
 * SetSubscriptionAttributes ("Invalid parameter: FilterPolicy: Filter policy is too complex").
 */
export function checkFilterPolicy(attributes: Record<string, string>, context = ''): void {
  const policy = attributes.FilterPolicy;
  if (policy === undefined) return;
  try {
    compileFilterPolicy(policy, filterScopeOf(attributes));
  } catch (err) {
    if (err instanceof FilterPolicyError) throw invalidParameter(`${context}${err.message}`);
    throw err;
  }
}

function checkJson(name: string, value: string): void {
  if (!JSON_VALUED.has(name) || value === '') return;
  try {
    JSON.parse(value);
  } catch {
    throw invalidParameter(`${name}: failed to parse JSON.`);
  }
}

/** An empty value removes an attribute. */
export function withAttribute(current: Record<string, string>, name: string, value: string): Record<string, string> {
  const out = { ...current };
  if (value === '' && name !== 'DisplayName') delete out[name];
  else out[name] = value;
  return out;
}
