import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

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
 * Console sessions, held server-side and keyed by SHA-256 of the cookie value (so the map never
 * holds a usable cookie). A server restart ends every session; their STS credentials expire on
 * their own schedule and are deleted at sign-out.
 */
export class SessionStore {
  private readonly sessions = new Map<string, ConsoleSession>();

  create(session: ConsoleSession): string {
    this.sweep(new Date());
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(key(id), session);
    return id;
  }

  get(id: string | undefined, now: Date): ConsoleSession | undefined {
    if (!id) return undefined;
    const k = key(id);
    const s = this.sessions.get(k);
    if (s && s.expiresAt <= now) {
      this.sessions.delete(k);
      return undefined;
    }
    return s;
  }

  delete(id: string): ConsoleSession | undefined {
    const k = key(id);
    const s = this.sessions.get(k);
    this.sessions.delete(k);
    return s;
  }

  private sweep(now: Date): void {
    for (const [k, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(k);
  }
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
