import { existsSync, readFileSync, writeFileSync, mkdirSync, accessSync, constants, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { accountId as newAccountId, awsId, secretAccessKey } from '../identity/ids.js';
import type { Config } from '../config/config.js';
import { ConfigError } from '../config/config.js';

/** The hosted account and its root keys, as stored in `<dataDir>/account.json` (mode 0600). */
export interface AccountBootstrap {
  accountId: string;
  rootAccessKeyId: string;
  rootSecretAccessKey: string;
  createdAt: string;
  /** True on the very first start: the keys are printed once. */
  created: boolean;
}

export const ACCOUNT_FILE = 'account.json';

/** Ensures the data directory is usable and fails with one clear line when it is not. */
export function prepareDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    accessSync(dataDir, constants.W_OK);
  } catch {
    throw new ConfigError(`data directory '${dataDir}' is not writable: choose another with --data-dir or fix its permissions`);
  }
}

/**
 * First start creates the account (12-digit id, `--account-id` to choose) and root keys
 * (HSMTRAIL_ROOT_ACCESS_KEY_ID / HSMTRAIL_ROOT_SECRET_ACCESS_KEY honoured, else generated).
 */
export function bootstrapAccount(config: Config): AccountBootstrap {
  const file = join(config.dataDir, ACCOUNT_FILE);
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Omit<AccountBootstrap, 'created'>;
    if (config.accountId && config.accountId !== stored.accountId) {
      throw new ConfigError(
        `data directory '${config.dataDir}' belongs to account ${stored.accountId}, not ${config.accountId}: use another --data-dir`,
      );
    }
    const envKeys = config.rootAccessKeyId && config.rootSecretAccessKey;
    return {
      ...stored,
      rootAccessKeyId: envKeys ? config.rootAccessKeyId! : stored.rootAccessKeyId,
      rootSecretAccessKey: envKeys ? config.rootSecretAccessKey! : stored.rootSecretAccessKey,
      created: false,
    };
  }
  if (Boolean(config.rootAccessKeyId) !== Boolean(config.rootSecretAccessKey)) {
    throw new ConfigError('set both HSMTRAIL_ROOT_ACCESS_KEY_ID and HSMTRAIL_ROOT_SECRET_ACCESS_KEY, or neither');
  }
  const account = {
    accountId: config.accountId ?? newAccountId(),
    rootAccessKeyId: config.rootAccessKeyId ?? awsId('AKIA'),
    rootSecretAccessKey: config.rootSecretAccessKey ?? secretAccessKey(),
    createdAt: new Date().toISOString(),
  };
  writeFileSync(file, JSON.stringify(account, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return { ...account, created: true };
}

export function readAccount(dataDir: string): Omit<AccountBootstrap, 'created'> | undefined {
  const file = join(dataDir, ACCOUNT_FILE);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}
