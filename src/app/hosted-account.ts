import type { Logger } from 'pino';
import type { Store } from '../storage/ports.js';
import type { SecretBox } from '../identity/index.js';
import { ConfigError } from '../config/config.js';
import type { AccountBootstrap } from './bootstrap.js';

/**
 * Claims the store for this node's account, or checks that the account already recorded there is this
 * node's: nodes that share one database (PostgreSQL) must host the same account with the same root
 * key and the same master key, since each seals secrets the others must open. The first node to open
 * the store records the account; a node that differs refuses to start, saying what to copy.
 */
export async function claimHostedAccount(store: Store, box: SecretBox, account: AccountBootstrap, logger: Logger): Promise<void> {
  const recorded = await store.write((tx) =>
    tx.hostedAccount.claim({
      accountId: account.accountId,
      rootAccessKeyId: account.rootAccessKeyId,
      sealedRootSecret: box.seal(account.rootSecretAccessKey),
      createdAt: new Date(account.createdAt),
    }),
  );
  const copy = "copy account.json and master.key from the data directory of the node that created the database into this node's";
  if (recorded.accountId !== account.accountId) {
    throw new ConfigError(`the database belongs to account ${recorded.accountId}, this node hosts ${account.accountId}: ${copy}`);
  }
  let secret: string;
  try {
    secret = box.open(recorded.sealedRootSecret);
  } catch {
    throw new ConfigError(`this node's master.key cannot open the secrets in the database: ${copy}`);
  }
  // Root keys may be replaced from the environment (HSMTRAIL_ROOT_*) on restart: not fatal, but nodes
  // that differ accept different root keys.
  if (recorded.rootAccessKeyId !== account.rootAccessKeyId || secret !== account.rootSecretAccessKey) {
    logger.warn(
      { recorded: recorded.rootAccessKeyId, node: account.rootAccessKeyId },
      'this node uses other root keys than the node that created the database: nodes sharing a database should use the same',
    );
  }
}
