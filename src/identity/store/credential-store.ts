import type { Repositories } from '../../storage/ports.js';
import type { IamAccount } from '../account.js';
import type { AccessKeyRecord, CredentialStore } from '../credentials.js';
import type { Principal } from '../principal.js';
import { rootPrincipal } from '../root-credentials.js';
import { VersionedCache } from './versioned-cache.js';

export interface RootKeys {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Resolves an access key id to its secret and principal: the root keys (account.json), IAM user keys
 * (AKIA) and STS sessions (ASIA). Called on every request, so records are cached per authorization
 * version (versioned-cache.ts): a key that is deactivated or deleted fails on the very next request.
 */
export class IdentityCredentialStore implements CredentialStore {
  private readonly root: AccessKeyRecord;
  private readonly cache = new VersionedCache<AccessKeyRecord>();

  constructor(
    private readonly account: IamAccount,
    root: RootKeys,
  ) {
    this.root = {
      accessKeyId: root.accessKeyId,
      secretAccessKey: root.secretAccessKey,
      status: 'Active',
      principal: rootPrincipal(root.accountId, root.accessKeyId),
    };
  }

  async findAccessKey(tx: Repositories, accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    if (accessKeyId === this.root.accessKeyId) return this.root;
    return this.cache.get(tx, accessKeyId, () =>
      accessKeyId.startsWith('ASIA') ? this.session(tx, accessKeyId) : this.userKey(tx, accessKeyId),
    );
  }

  private async userKey(tx: Repositories, accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    const key = await tx.iamKeys.findKey(accessKeyId);
    const user = key && (await tx.iamEntities.userById(key.userId));
    const sealed = key && (await tx.iamKeys.sealedSecretOf(accessKeyId));
    if (!key || !user || !sealed) return undefined;
    const principal: Principal = {
      type: 'IAMUser',
      principalId: user.userId,
      arn: user.arn,
      accountId: this.account.accountId,
      accessKeyId,
      userName: user.name,
      username: user.name,
      userId: user.userId,
      tags: await tagMap(tx, 'user', user.userId),
      sessionPolicies: [],
    };
    return { accessKeyId, secretAccessKey: this.account.box.open(sealed), status: key.status, principal };
  }

  private async session(tx: Repositories, accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    const s = await tx.iamKeys.findSession(accessKeyId);
    if (!s) return undefined;
    return {
      accessKeyId,
      secretAccessKey: this.account.box.open(s.sealedSecret),
      status: 'Active',
      sessionTokenSha256: s.tokenSha256,
      expiration: new Date(s.expiration),
      principal: s.principal,
    };
  }
}

/** An entity's tags as aws:PrincipalTag sees them. */
export async function tagMap(tx: Pick<Repositories, 'iamEntities'>, type: 'user' | 'role', id: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of await tx.iamEntities.tags(type, id)) out[t.Key] = t.Value;
  return out;
}
