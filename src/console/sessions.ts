import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SecretBox } from '../identity/store/secret-box.js';
import type { Store, Tx } from '../storage/ports.js';

/** What the console keeps for a signed-in browser. Only the cookie's random id reaches the browser. */
export interface ConsoleSession {
  /** Per-session CSRF token: the SPA sends it back in `x-csrf-token` on every POST. */
  csrfToken: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  expiresAt: Date;
  signedInAt: Date;
  /** For the page header: who is signed in (never trusted for authorization; the gateway decides). */
  identity: { type: 'Root' | 'IAMUser'; accountId: string; userName?: string; arn: string; mfaUsed: boolean };
}

export const SESSION_COOKIE = 'hsmtrail-console';
const MAX_SESSIONS = 10_000;

/**
 * Console sessions, kept in the store (sealed, since they hold the session's temporary credentials)
 * and keyed by SHA-256 of the cookie value, so the store never holds a usable cookie and every
 * server process sharing the store serves every signed-in browser.
 */
export class SessionStore {
  constructor(
    private readonly store: Store,
    private readonly box: SecretBox,
  ) {}

  async create(session: ConsoleSession, now: Date): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    await this.store.write(async (tx) => {
      // Bounded: expired sessions go first, then those closest to expiry.
      await tx.consoleSessions.prune(now.getTime(), MAX_SESSIONS - 1);
      await tx.consoleSessions.put(key(id), this.box.seal(JSON.stringify(session)), session.expiresAt.getTime());
    });
    return id;
  }

  async get(id: string | undefined, now: Date): Promise<ConsoleSession | undefined> {
    if (!id) return undefined;
    const row = await this.store.read((tx) => tx.consoleSessions.get(key(id)));
    if (!row || row.expiresMs <= now.getTime()) return undefined;
    return revive(JSON.parse(this.box.open(row.sealed)) as ConsoleSession);
  }

  /** Ends the session inside the caller's write transaction. */
  async delete(tx: Pick<Tx, 'consoleSessions'>, id: string): Promise<void> {
    await tx.consoleSessions.delete(key(id));
  }
}

function revive(s: ConsoleSession): ConsoleSession {
  return { ...s, expiresAt: new Date(s.expiresAt), signedInAt: new Date(s.signedInAt) };
}

export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}

export function csrfMatches(session: ConsoleSession, header: string | undefined): boolean {
  if (!header) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(header);
  return a.length === b.length && timingSafeEqual(a, b);
}

function key(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** httpOnly (no script reads it), SameSite=Strict (no cross-site request carries it), Secure under TLS. */
export function sessionCookie(id: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${id}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

export function clearedCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}
