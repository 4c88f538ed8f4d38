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

/** The port SigV4 verification looks keys up through. The identity module implements it. */
export interface CredentialStore {
  findAccessKey(accessKeyId: string): AccessKeyRecord | undefined;
}
