import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword, verifyPassword } from '../identity/store/password.js';

/**
 * The root user has no IAM login profile; its console password is set by the operator
 * (`hsmtrail console set-root-password`) and kept beside account.json as a scrypt hash (the same
 * scheme as IAM login profiles), mode 0600. Read on every root sign-in, so a new password applies
 * to a running server at once.
 */
export function rootPasswordFile(dataDir: string): string {
  return join(dataDir, 'console-root-password');
}

export function setRootPassword(dataDir: string, password: string): void {
  const file = rootPasswordFile(dataDir);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, hashPassword(password) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

/** undefined when no root console password was ever set (root console sign-in is then refused). */
export function rootPasswordHash(dataDir: string): string | undefined {
  const file = rootPasswordFile(dataDir);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

export function checkRootPassword(dataDir: string, password: string): boolean {
  const hash = rootPasswordHash(dataDir);
  return hash !== undefined && verifyPassword(password, hash);
}
