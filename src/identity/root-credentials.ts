import type { AccessKeyRecord, CredentialStore } from './credentials.js';
import type { Principal } from './principal.js';

/** The account's root user as a principal: CloudTrail's `Root` identity. */
export function rootPrincipal(accountId: string, accessKeyId: string): Principal {
  return {
    type: 'Root',
    principalId: accountId,
    arn: `arn:aws:iam::${accountId}:root`,
    accountId,
    accessKeyId,
    tags: {},
    sessionPolicies: [],
    userId: accountId,
  };
}

/** Knows only the root keys; the identity store layers IAM users and STS sessions on top. */
export class RootCredentialStore implements CredentialStore {
  private readonly record: AccessKeyRecord;

  constructor(accountId: string, accessKeyId: string, secretAccessKey: string) {
    this.record = {
      accessKeyId,
      secretAccessKey,
      status: 'Active',
      principal: rootPrincipal(accountId, accessKeyId),
    };
  }

  async findAccessKey(_tx: unknown, accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    return accessKeyId === this.record.accessKeyId ? this.record : undefined;
  }
}
