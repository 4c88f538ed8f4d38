import { createHash, randomBytes } from 'node:crypto';
import { awsId, secretAccessKey } from '../../identity/ids.js';
import type { Principal } from '../../identity/principal.js';
import type { IamAccount } from '../../identity/account.js';
import type { Repositories } from '../../storage/ports.js';

/** Sessions expired for longer than this are deleted when new ones are issued. */
const PURGE_AFTER_MS = 24 * 3600_000;

export interface IssuedCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
}

/** A random session token in the shape of current AWS tokens (opaque base64, `IQoJb3JpZ2luX2Vj` prefix). */
function sessionToken(): string {
  return 'IQoJb3JpZ2luX2Vj' + randomBytes(360).toString('base64');
}

/**
 * Issues real temporary credentials: a random ASIA key, secret and token. Only the token's SHA-256
 * and the sealed secret are stored; the plain values leave in this response only.
 */
export async function issueSession(
  tx: Pick<Repositories, 'iamKeys'>,
  account: IamAccount,
  principal: Omit<Principal, 'accessKeyId'>,
  now: Date,
  durationSeconds: number,
): Promise<IssuedCredentials> {
  await tx.iamKeys.purgeSessions(new Date(now.getTime() - PURGE_AFTER_MS).toISOString());
  const creds: IssuedCredentials = {
    AccessKeyId: awsId('ASIA'),
    SecretAccessKey: secretAccessKey(),
    SessionToken: sessionToken(),
    Expiration: new Date(now.getTime() + durationSeconds * 1000),
  };
  await tx.iamKeys.insertSession(
    {
      accessKeyId: creds.AccessKeyId,
      sealedSecret: account.box.seal(creds.SecretAccessKey),
      tokenSha256: createHash('sha256').update(creds.SessionToken, 'utf8').digest('hex'),
      expiration: creds.Expiration.toISOString(),
      principal: { ...principal, accessKeyId: creds.AccessKeyId } as Principal,
    },
    now.toISOString(),
  );
  return creds;
}

/** CloudTrail's creationDate: when the credentials were issued, to the second. */
export const creationDate = (now: Date) => now.toISOString().replace(/\.\d{3}Z$/, 'Z');
