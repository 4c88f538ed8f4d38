import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Store } from '../storage/ports.js';

/**
 * The root user has no IAM login profile; its console password is set by the operator
 * (`hsmtrail console set-root-password`, admin operation hsmtrail:SetRootPassword) and kept in the
 * store as a scrypt hash (the same scheme as IAM login profiles), so every node sharing the store
 * signs root in alike. Earlier versions kept it in this file in the node's data directory.
 */
export function legacyRootPasswordFile(dataDir: string): string {
  return join(dataDir, 'console-root-password');
}

/**
 * Moves a root password file left by an earlier version into the store, once: imported when the store
 * has no root password yet, ignored when it has one (set through another node or after an earlier
 * import). Either way the file is deleted, so nobody takes it for the password that applies.
 */
export async function importLegacyRootPassword(store: Store, dataDir: string, logger: Logger): Promise<void> {
  const file = legacyRootPasswordFile(dataDir);
  if (!existsSync(file)) return;
  const passwordHash = readFileSync(file, 'utf8').trim();
  const imported = await store.write(async (tx) => {
    if (!passwordHash.startsWith('scrypt$') || (await tx.iamPasswords.rootPassword())) return false;
    await tx.iamPasswords.putRootPassword({ passwordHash, setDate: new Date().toISOString() });
    return true;
  });
  rmSync(file, { force: true });
  logger.warn(
    { file },
    imported
      ? 'the root console password was imported from this file into the store (it is no longer read) and the file deleted'
      : 'the store already holds a root console password: this older file was ignored and deleted',
  );
}
