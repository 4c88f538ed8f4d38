import type { Db } from '../../storage/sqlite/database.js';
import { StoreCore } from './core.js';
import { EntityRepo } from './entities.js';
import { KeyRepo } from './keys.js';
import { migrateIdentity } from './migrations.js';
import { PasswordRepo } from './passwords.js';
import { PolicyRepo } from './policies.js';
import type { SecretBox } from './secret-box.js';

export interface IdentityAccount {
  accountId: string;
  createdAt?: string;
  rootAccessKeyId?: string;
}

/**
 * The IAM/STS state of the hosted account. All methods are synchronous (better-sqlite3): inside a
 * call they run in the call's open transaction. `version` changes on every mutation.
 */
export class IdentityStore {
  readonly entities: EntityRepo;
  readonly keys: KeyRepo;
  readonly policies: PolicyRepo;
  readonly passwords: PasswordRepo;
  private readonly core: StoreCore;

  constructor(
    readonly db: Db,
    box: SecretBox,
    private readonly account: IdentityAccount,
  ) {
    migrateIdentity(db);
    this.core = new StoreCore(db, box);
    this.entities = new EntityRepo(this.core);
    this.keys = new KeyRepo(this.core);
    this.policies = new PolicyRepo(this.core);
    this.passwords = new PasswordRepo(this.core);
  }

  get accountId(): string {
    return this.account.accountId;
  }

  /** When the account was created (the root user's CreateDate). */
  get createdAt(): string | undefined {
    return this.account.createdAt;
  }

  get hasRootAccessKey(): boolean {
    return this.account.rootAccessKeyId !== undefined;
  }

  isRootKey(accessKeyId: string): boolean {
    return accessKeyId === this.account.rootAccessKeyId;
  }

  /** Bumped by every identity mutation; caches compare it to drop stale entries. */
  get version(): number {
    return this.core.version;
  }

  /** For changes that roll back: caches filled in between must not survive. */
  invalidate(): void {
    this.core.changed();
  }
}
