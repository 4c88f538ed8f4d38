import type { DeliveryBucketCheck } from '../../audit/deliver/bucket-check.js';
import type { SigningKeyRing } from '../../audit/digest/key-ring.js';
import type { LookupEventsRequest, LookupEventsResponse } from '../../protocol/generated/cloudtrail.js';
import type { CallContext } from '../service.js';

export interface CloudTrailServiceDeps {
  /** Create/UpdateTrail's bucket existence and policy check. */
  bucketCheck: DeliveryBucketCheck;
  /** Digest-signing keys, served by ListPublicKeys. */
  keyRing: SigningKeyRing;
  /** Event history (src/query/lookup-events.ts), which owns its storage. */
  lookupEvents: (input: LookupEventsRequest, call: CallContext) => LookupEventsResponse | Promise<LookupEventsResponse>;
  /** LookupEvents takes a token from the store's throttle (--throttle-lookup-events): a read that writes. */
  lookupEventsWrites?: boolean;
}
