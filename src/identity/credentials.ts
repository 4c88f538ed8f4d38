import type { Repositories } from '../storage/ports.js';
import type { Principal } from './principal.js';

/** What SigV4 verification needs to know about an access key id. */
export interface AccessKeyRecord {
  accessKeyId: string;
  /** Needed in plain form: SigV4 is an HMAC keyed by the secret. */
  secretAccessKey: string;
  status: 'Active' | 'Inactive';
  /** Temporary credentials (ASIA...): SHA-256 hex of the session token that must accompany them. */
  sessionTokenSha256?: string;
  /** Temporary credentials expire; afterwards requests fail with ExpiredToken. */
  expiration?: Date;
  principal: Principal;
}

/** The lookup SigV4 verification uses, already bound to the request's read snapshot. */
export interface AccessKeyLookup {
  findAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
}

/** Resolves access key ids within one transaction. The identity module implements it. */
export interface CredentialStore {
  findAccessKey(tx: Repositories, accessKeyId: string): Promise<AccessKeyRecord | undefined>;
}

/** Binds a CredentialStore to one transaction, for verification. */
export function lookupIn(credentials: CredentialStore, tx: Repositories): AccessKeyLookup {
  return { findAccessKey: (id) => credentials.findAccessKey(tx, id) };
}
