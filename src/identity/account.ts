import type { SecretBox } from './store/secret-box.js';

export interface IdentityAccountOptions {
  accountId: string;
  createdAt?: string;
  rootAccessKeyId?: string;
}

/**
 * The hosted account as IAM and STS see it: its id, the root user's facts (from account.json) and
 * the SecretBox that seals stored secrets. Holds no IAM state: that lives in the store.
 */
export class IamAccount {
  constructor(
    readonly box: SecretBox,
    private readonly opts: IdentityAccountOptions,
  ) {}

  get accountId(): string {
    return this.opts.accountId;
  }

  /** When the account was created (the root user's CreateDate). */
  get createdAt(): string | undefined {
    return this.opts.createdAt;
  }

  get hasRootAccessKey(): boolean {
    return this.opts.rootAccessKeyId !== undefined;
  }

  isRootKey(accessKeyId: string): boolean {
    return accessKeyId === this.opts.rootAccessKeyId;
  }
}
