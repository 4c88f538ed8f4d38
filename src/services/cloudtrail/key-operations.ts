import type { ListPublicKeysRequest, ListPublicKeysResponse } from '../../protocol/generated/cloudtrail.js';
import type { SigningKeyRing } from '../../audit/digest/key-ring.js';
import { listPublicKeysValue } from '../../audit/digest/signing-key.js';
import type { CallContext } from '../service.js';
import { TrailErrors } from './errors.js';

/**
 * The region's digest-signing public keys whose validity overlaps [StartTime, EndTime] (both
 * default to now), in one page: awscli's validator never follows NextToken. The region always has
 * a current key, so `list-public-keys` answers before the first digest is written.
 */
export function listPublicKeys(keyRing: SigningKeyRing) {
  return (input: ListPublicKeysRequest, call: CallContext): ListPublicKeysResponse => {
    const start = input.StartTime ?? call.now;
    const end = input.EndTime ?? call.now;
    if (start.getTime() > end.getTime()) throw TrailErrors.invalidTimeRange();
    if (start <= call.now && call.now <= end) keyRing.signingKey(call.db, call.region, call.now);
    return {
      PublicKeyList: keyRing.list(call.db, call.region, start, end).map((k) => ({
        Value: listPublicKeysValue(k),
        ValidityStartTime: k.validityStart,
        ValidityEndTime: k.validityEnd,
        Fingerprint: k.fingerprint,
      })),
    };
  };
}
