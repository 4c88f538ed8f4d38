import { createHash, randomBytes } from 'node:crypto';
import type { SecretBox } from '../identity/store/secret-box.js';
import type { Store, Tx } from '../storage/ports.js';

/**
 * A sign-in whose password was right, waiting for its MFA code: kept on the server (sealed, in the
 * console session table under its own key space) and named to the browser only by a random id in
 * an httpOnly cookie, so the password is never sent again and nothing secret reaches the page.
 */
export interface PendingSignIn {
  userId: string;
  /** The throttle's key for the user (signin.ts). */
  userKey: string;
  /** SHA-256 of the password hash the first step matched: a password changed or removed since ends the sign-in. */
  passwordSha256: string;
  expiresMs: number;
}

export const passwordFingerprint = (passwordHash: string) => createHash('sha256').update(passwordHash).digest('hex');

export const PENDING_COOKIE = 'hsmtrail-console-mfa';

export class PendingSignIns {
  constructor(
    private readonly store: Store,
    private readonly box: SecretBox,
  ) {}

  async create(p: PendingSignIn): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    await this.store.write((tx) => tx.consoleSessions.put(key(id), this.box.seal(JSON.stringify(p)), p.expiresMs));
    return id;
  }

  async get(id: string | undefined, nowMs: number): Promise<PendingSignIn | undefined> {
    if (!id) return undefined;
    const row = await this.store.read((tx) => tx.consoleSessions.get(key(id)));
    if (!row || row.expiresMs <= nowMs) return undefined;
    return JSON.parse(this.box.open(row.sealed)) as PendingSignIn;
  }

  /** Ends the pending sign-in inside the caller's write transaction (it is used once). */
  async delete(tx: Pick<Tx, 'consoleSessions'>, id: string): Promise<void> {
    await tx.consoleSessions.delete(key(id));
  }
}

/** A key space apart from signed-in sessions': a pending id never names a session. */
function key(id: string): string {
  return createHash('sha256').update(`mfa-pending:${id}`).digest('hex');
}

export function pendingCookie(id: string, maxAgeSeconds: number, secure: boolean): string {
  return `${PENDING_COOKIE}=${id}; Path=/console/api/signin; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}
