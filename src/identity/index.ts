/** The identity module as the composition root wires it: account, credential lookup, authorizer. */
import type { Logger } from 'pino';
import type { Store } from '../storage/ports.js';
import { IamAccount } from './account.js';
import { PolicyAuthorizer } from './authorizer.js';
import { IdentityCredentialStore } from './store/credential-store.js';
import { LastUsedTracker } from './store/last-used.js';
import { SecretBox } from './store/secret-box.js';

export { IamAccount } from './account.js';
export { IdentityCredentialStore } from './store/credential-store.js';
export { PolicyAuthorizer } from './authorizer.js';
export { LastUsedTracker } from './store/last-used.js';
export { SecretBox } from './store/secret-box.js';

const LAST_USED_FLUSH_MS = 60_000;

export interface IdentityOptions {
  store: Store;
  /** `<dataDir>/master.key` seals stored secrets; undefined = an ephemeral key (in-memory stores). */
  dataDir?: string;
  account: { accountId: string; rootAccessKeyId: string; rootSecretAccessKey: string; createdAt?: string };
  defaultRegion: string;
  logger?: Logger;
}

export interface Identity {
  account: IamAccount;
  credentials: IdentityCredentialStore;
  authorizer: PolicyAuthorizer;
  lastUsed: LastUsedTracker;
  /** Flushes access-key last-used times once a minute (and on stop). */
  worker: { start(): void; stop(): Promise<void> };
}

export function createIdentity(opts: IdentityOptions): Identity {
  const box = opts.dataDir ? SecretBox.forDataDir(opts.dataDir) : SecretBox.ephemeral();
  const { accountId, rootAccessKeyId, rootSecretAccessKey, createdAt } = opts.account;
  const account = new IamAccount(box, { accountId, rootAccessKeyId, createdAt });
  const lastUsed = new LastUsedTracker();
  const credentials = new IdentityCredentialStore(account, {
    accountId,
    accessKeyId: rootAccessKeyId,
    secretAccessKey: rootSecretAccessKey,
  });
  const authorizer = new PolicyAuthorizer({ lastUsed });
  const flush = async () => {
    if (lastUsed.size === 0) return;
    try {
      await lastUsed.flush(opts.store);
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
  return { account, credentials, authorizer, lastUsed, worker };
}
