import { createHash } from 'node:crypto';
import type { Protocol } from '../protocol/http.js';
import type { AccessKeyLookup, AccessKeyRecord } from '../identity/credentials.js';
import { authError } from './errors.js';

/**
 * Look the key up and check its session token the way AWS does: unknown and inactive keys are both
 * "invalid", a temporary key needs its exact token, a permanent key must not carry one.
 */
export async function resolveAccessKey(
  store: AccessKeyLookup,
  accessKeyId: string,
  securityToken: string | undefined,
  now: Date,
  protocol: Protocol,
  presigned: boolean,
): Promise<AccessKeyRecord> {
  const fail = (failure: Parameters<typeof authError>[1]): never => {
    throw authError(protocol, failure, presigned);
  };
  const record = await store.findAccessKey(accessKeyId);
  if (!record || record.status !== 'Active') return fail({ kind: 'unknown-access-key', accessKeyId });
  const expectedTokenHash = record.sessionTokenSha256;
  if (expectedTokenHash === undefined) {
    if (securityToken !== undefined) fail({ kind: 'invalid-token', token: securityToken });
    return record;
  }
  if (securityToken === undefined) {
    // S3 does not know an ASIA key without its token; Coral services call the token invalid.
    return fail(protocol === 'rest-xml' ? { kind: 'unknown-access-key', accessKeyId } : { kind: 'invalid-token' });
  }
  const tokenHash = createHash('sha256').update(securityToken, 'utf8').digest('hex');
  if (tokenHash !== expectedTokenHash.toLowerCase()) fail({ kind: 'invalid-token', token: securityToken });
  if (record.expiration && record.expiration.getTime() <= now.getTime()) fail({ kind: 'expired-token', token: securityToken });
  return record;
}
