import { existsSync, readFileSync, accessSync, constants, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { accountId as newAccountId, awsId, secretAccessKey } from '../identity/ids.js';
import type { Config } from '../config/config.js';
import { ConfigError } from '../config/config.js';
import { MASTER_KEY_FILE } from '../identity/store/secret-box.js';
import { dataDirLayout, makePrivateDir, tightenDataDir, writePrivateFile } from '../storage/data-dir.js';

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

/**
 * Ensures the data directory is usable (fails with one clear line when it is not) and private: 0700,
 * and whatever hsmtrail keeps in it 0600/0700, including what an older version created wider.
 */
export function prepareDataDir(dataDir: string): void {
  try {
    makePrivateDir(dataDir);
    accessSync(dataDir, constants.W_OK);
  } catch {
    throw new ConfigError(`data directory '${dataDir}' is not writable: choose another with --data-dir or fix its permissions`);
  }
  tightenDataDir(dataDir, ownedEntries(dataDir));
}

/** The names hsmtrail creates in a data directory. */
function ownedEntries(dataDir: string): string[] {
  const layout = dataDirLayout(dataDir);
  const store = basename(layout.store);
  return [
    store,
    `${store}-wal`,
    `${store}-shm`,
    `${store}-journal`,
    basename(layout.buckets),
    basename(layout.endpoint),
    ACCOUNT_FILE,
    MASTER_KEY_FILE,
  ];
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
  writePrivateFile(file, JSON.stringify(account, null, 2) + '\n');
  return { ...account, created: true };
}

export function readAccount(dataDir: string): Omit<AccountBootstrap, 'created'> | undefined {
  const file = join(dataDir, ACCOUNT_FILE);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** Where a running server can be reached, as `serve` records it in `<dataDir>/endpoint.json` (mode 0600). */
export interface RecordedEndpoint {
  endpoint: string;
  pid: number;
}

/** The URL clients use for a listening address: a wildcard bind is reached on loopback, IPv6 in brackets. */
export function connectEndpoint(scheme: 'http' | 'https', host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' || host === '[::]' ? '::1' : host;
  return `${scheme}://${reachable.includes(':') && !reachable.startsWith('[') ? `[${reachable}]` : reachable}:${port}`;
}

export function writeEndpoint(dataDir: string, endpoint: string): void {
  writePrivateFile(dataDirLayout(dataDir).endpoint, JSON.stringify({ endpoint, pid: process.pid } satisfies RecordedEndpoint) + '\n');
}

/** Forgets the endpoint on a clean stop, unless another process has recorded its own since. */
export function clearEndpoint(dataDir: string): void {
  const file = dataDirLayout(dataDir).endpoint;
  if (readEndpoint(dataDir)?.pid === process.pid) rmSync(file, { force: true });
}

export function readEndpoint(dataDir: string): RecordedEndpoint | undefined {
  try {
    return JSON.parse(readFileSync(dataDirLayout(dataDir).endpoint, 'utf8')) as RecordedEndpoint;
  } catch {
    return undefined;
  }
}
