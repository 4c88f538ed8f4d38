/**
 * The port other AWS services publish through (CloudTrail's log-file notifications, S3 event notifications): the
 * topic's Policy must let the service principal `sns:Publish` with aws:SourceArn = the publishing resource (SNS
 * Developer Guide, "Amazon SNS access policy examples"; CloudTrail User Guide, "Amazon SNS topic policy for
 * CloudTrail"), then the message fans out exactly as Publish does, inside the caller's transaction.
 */
import { evaluateResourcePolicyForService, parsePolicy } from '../../identity/policy/index.js';
import type { Tx } from '../../storage/ports.js';
import type { SnsSigningKey, SnsTopic } from '../../storage/ports/sns.js';
import { fanOut, type PublishDeps } from './ops/publish.js';

export interface ServicePublication {
  topicArn: string;
  /** The publishing service's principal, e.g. `cloudtrail.amazonaws.com`. */
  servicePrincipal: string;
  /** aws:SourceArn and aws:SourceAccount as the topic policy sees them. */
  sourceArn: string;
  sourceAccount: string;
  message: string;
  subject?: string;
  now: Date;
}

/** Why a publication was refused: no such topic, or its policy does not allow the service. */
export type PublishRefusal = 'NotFound' | 'AuthorizationError';

export interface ServicePublisher {
  /** Outside any transaction: the region's signing key when it has none yet (slow RSA generation). */
  prepare(read: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>, topicArn: string, now: Date): Promise<SnsSigningKey | undefined>;
  /** Whether the topic exists and lets the service publish (CreateTrail's check, S3's destination validation). */
  check(tx: Tx, p: Omit<ServicePublication, 'message' | 'subject' | 'now'>): Promise<PublishRefusal | 'ok'>;
  /** Checks, then publishes in `tx`; answers the MessageId or the refusal. */
  publish(tx: Tx, p: ServicePublication, candidate?: SnsSigningKey): Promise<{ messageId: string } | { refused: PublishRefusal }>;
}

const regionOf = (topicArn: string) => topicArn.split(':')[3] ?? '';

export function servicePublisher(deps: PublishDeps): ServicePublisher {
  return {
    async prepare(read, topicArn, now) {
      const region = regionOf(topicArn);
      const key = await read((tx) => tx.snsSigningKeys.get(region));
      return key ? undefined : deps.signer.candidate(region, now);
    },
    async check(tx, p) {
      const topic = await tx.snsTopics.get(p.topicArn);
      return refusal(topic, p) ?? 'ok';
    },
    async publish(tx, p, candidate) {
      const topic = await tx.snsTopics.get(p.topicArn);
      const refused = refusal(topic, p);
      if (refused) return { refused };
      const ctx = { tx, region: topic!.region, now: p.now, afterCommit: tx.afterCommit };
      const key = candidate?.region === topic!.region ? candidate : undefined;
      return { messageId: await fanOut(deps, ctx, topic!, { message: p.message, subject: p.subject }, key) };
    },
  };
}

function refusal(topic: SnsTopic | undefined, p: Omit<ServicePublication, 'message' | 'subject' | 'now'>): PublishRefusal | undefined {
  if (!topic) return 'NotFound';
  const policy = topic.attributes.Policy;
  if (!policy) return 'AuthorizationError';
  try {
    const context = { 'aws:SourceArn': p.sourceArn, 'aws:SourceAccount': p.sourceAccount };
    const decision = evaluateResourcePolicyForService(
      parsePolicy(policy, 'resource'),
      p.servicePrincipal,
      'sns:Publish',
      topic.arn,
      context,
    );
    return decision.allowed ? undefined : 'AuthorizationError';
  } catch {
    return 'AuthorizationError';
  }
}
