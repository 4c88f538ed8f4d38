import type { DeliveryBucketCheck } from '../../audit/deliver/bucket-check.js';
import type { SigningKeyRing } from '../../audit/digest/key-ring.js';
import type { LookupEventsRequest, LookupEventsResponse } from '../../protocol/generated/cloudtrail.js';
import type { CallContext } from '../service.js';
import type { ServicePublisher } from '../sns/service-publisher.js';

/** SNS's check of a topic for a publishing service (services/sns/service-publisher.ts). */
export type TopicCheck = Pick<ServicePublisher, 'check'>;

export interface CloudTrailServiceDeps {
  /** Create/UpdateTrail's bucket existence and policy check. */
  bucketCheck: DeliveryBucketCheck;
  /** SnsTopicName's topic check; without it every topic is refused. */
  topics?: TopicCheck;
  /** Digest-signing keys, served by ListPublicKeys. */
  keyRing: SigningKeyRing;
  /** Event history (src/query/lookup-events.ts), which owns its storage. */
  lookupEvents: (input: LookupEventsRequest, call: CallContext) => LookupEventsResponse | Promise<LookupEventsResponse>;
  /** LookupEvents takes a token from the store's throttle (--throttle-lookup-events): a read that writes. */
  lookupEventsWrites?: boolean;
}
