/** The identity module as the composition root wires it: store, credential lookup, authorizer. */
import type { Logger } from 'pino';
import type { Db } from '../storage/sqlite/database.js';
import type { UnitOfWork } from '../storage/sqlite/unit-of-work.js';
import { PolicyAuthorizer } from './authorizer.js';
import { IdentityCredentialStore } from './store/credential-store.js';
import { IdentityStore } from './store/identity-store.js';
import { LastUsedTracker } from './store/last-used.js';
import { SecretBox } from './store/secret-box.js';

export { IdentityStore } from './store/identity-store.js';
export { IdentityCredentialStore } from './store/credential-store.js';
export { PolicyAuthorizer } from './authorizer.js';
export { LastUsedTracker } from './store/last-used.js';
export { SecretBox } from './store/secret-box.js';

const LAST_USED_FLUSH_MS = 60_000;

export interface IdentityOptions {
  db: Db;
  uow: UnitOfWork;
  /** `<dataDir>/master.key` seals stored secrets; undefined = an ephemeral key (in-memory stores). */
  dataDir?: string;
  account: { accountId: string; rootAccessKeyId: string; rootSecretAccessKey: string; createdAt?: string };
  defaultRegion: string;
  logger?: Logger;
}

export interface Identity {
  store: IdentityStore;
  credentials: IdentityCredentialStore;
  authorizer: PolicyAuthorizer;
  lastUsed: LastUsedTracker;
  /** Flushes access-key last-used times once a minute (and on stop). */
  worker: { start(): void; stop(): Promise<void> };
}

export function createIdentity(opts: IdentityOptions): Identity {
  const box = opts.dataDir ? SecretBox.forDataDir(opts.dataDir) : SecretBox.ephemeral();
  const { accountId, rootAccessKeyId, rootSecretAccessKey, createdAt } = opts.account;
  const store = new IdentityStore(opts.db, box, { accountId, rootAccessKeyId, createdAt });
  const lastUsed = new LastUsedTracker();
  const credentials = new IdentityCredentialStore(store, { accountId, accessKeyId: rootAccessKeyId, secretAccessKey: rootSecretAccessKey });
  const authorizer = new PolicyAuthorizer(store, { lastUsed, defaultRegion: opts.defaultRegion });
  const flush = async () => {
    if (lastUsed.size === 0) return;
    try {
      await opts.uow.run(() => lastUsed.flush(store));
    } catch (err) {
      opts.logger?.warn({ err }, 'could not record access key last-used times');
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const worker = {
    start() {
      timer = setInterval(() => void flush(), LAST_USED_FLUSH_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await flush();
    },
  };
  return { store, credentials, authorizer, lastUsed, worker };
}
