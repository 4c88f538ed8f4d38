import type { AccessKeyRecord, CredentialStore } from '../credentials.js';
import type { Principal } from '../principal.js';
import { rootPrincipal } from '../root-credentials.js';
import type { IdentityStore } from './identity-store.js';

export interface RootKeys {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Resolves an access key id to its secret and principal: the root keys (account.json), IAM user keys
 * (AKIA) and STS sessions (ASIA). Called on every request, so records are cached by key id and the
 * whole cache is dropped whenever the identity store's version moves (any IAM mutation): a key that
 * is deactivated or deleted fails on the very next request.
 */
export class IdentityCredentialStore implements CredentialStore {
  private readonly root: AccessKeyRecord;
  private cache = new Map<string, AccessKeyRecord>();
  private cachedVersion = -1;

  constructor(
    private readonly store: IdentityStore,
    root: RootKeys,
  ) {
    this.root = {
      accessKeyId: root.accessKeyId,
      secretAccessKey: root.secretAccessKey,
      status: 'Active',
      principal: rootPrincipal(root.accountId, root.accessKeyId),
    };
  }

  findAccessKey(accessKeyId: string): AccessKeyRecord | undefined {
    if (accessKeyId === this.root.accessKeyId) return this.root;
    if (this.cachedVersion !== this.store.version) {
      this.cache = new Map();
      this.cachedVersion = this.store.version;
    }
    let record = this.cache.get(accessKeyId);
    if (!record) {
      record = accessKeyId.startsWith('ASIA') ? this.session(accessKeyId) : this.userKey(accessKeyId);
      if (record) this.cache.set(accessKeyId, record);
    }
    return record;
  }

  private userKey(accessKeyId: string): AccessKeyRecord | undefined {
    const key = this.store.keys.findKey(accessKeyId);
    const user = key && this.store.entities.userById(key.userId);
    if (!key || !user) return undefined;
    const principal: Principal = {
      type: 'IAMUser',
      principalId: user.userId,
      arn: user.arn,
      accountId: this.store.accountId,
      accessKeyId,
      userName: user.name,
      username: user.name,
      userId: user.userId,
      tags: this.store.entities.tagMap('user', user.userId),
      sessionPolicies: [],
    };
    return { accessKeyId, secretAccessKey: this.store.keys.secretOf(accessKeyId)!, status: key.status, principal };
  }

  private session(accessKeyId: string): AccessKeyRecord | undefined {
    const s = this.store.keys.findSession(accessKeyId);
    if (!s) return undefined;
    return {
      accessKeyId,
      secretAccessKey: s.secretAccessKey,
      status: 'Active',
      sessionTokenSha256: s.tokenSha256,
      expiration: new Date(s.expiration),
      principal: s.principal,
    };
  }
}
