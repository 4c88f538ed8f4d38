import type { ListPublicKeysRequest, ListPublicKeysResponse } from '../../../protocol/generated/cloudtrail.js';
import type { SigningKeyRing } from '../../../audit/digest/key-ring.js';
import { listPublicKeysValue, type SealedSigningKey } from '../../../audit/digest/signing-key.js';
import type { CallContext, OperationSpec } from '../../service.js';
import { TrailErrors } from '../errors.js';

/** Whether the window asked for includes now, when the region must have a current key. */
const coversNow = (input: ListPublicKeysRequest, call: CallContext) =>
  (input.StartTime ?? call.now) <= call.now && call.now <= (input.EndTime ?? call.now);

/**
 * The region's digest-signing public keys whose validity overlaps [StartTime, EndTime] (both
 * default to now), in one page: awscli's validator never follows NextToken. The region always has
 * a current key, so `list-public-keys` answers before the first digest is written: a missing one
 * is generated in `prepare` (RSA generation stays out of the write transaction) and stored in `execute`.
 */
export function listPublicKeys(
  keyRing: SigningKeyRing,
): OperationSpec<ListPublicKeysRequest, ListPublicKeysResponse, SealedSigningKey | undefined> {
  return {
    async prepare(input, call) {
      if (!coversNow(input, call)) return undefined;
      await keyRing.ready();
      const current = await call.read((tx) => tx.signingKeys.validAt(call.region, call.now));
      return current ? undefined : keyRing.candidate(call.region, call.now);
    },
    async execute(input, call, candidate) {
      const start = input.StartTime ?? call.now;
      const end = input.EndTime ?? call.now;
      if (start.getTime() > end.getTime()) throw TrailErrors.invalidTimeRange();
      if (coversNow(input, call)) await keyRing.install(call.tx, call.region, call.now, candidate);
      const keys = await keyRing.list(call.tx, call.region, start, end);
      return {
        PublicKeyList: keys.map((k) => ({
          Value: listPublicKeysValue(k),
          ValidityStartTime: k.validityStart,
          ValidityEndTime: k.validityEnd,
          Fingerprint: k.fingerprint,
        })),
      };
    },
  };
}
