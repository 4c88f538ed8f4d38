import type { TlsDetails } from '../gateway/context.js';
import type { Principal } from '../identity/principal.js';
import { rootPrincipal } from '../identity/root-credentials.js';
import type { IamAccount } from '../identity/account.js';
import { tagMap } from '../identity/store/credential-store.js';
import { hashPassword, verifyPasswordAsync } from '../identity/store/password.js';
import type { UserRow } from '../identity/store/rows.js';
import { creationDate, issueSession } from '../services/sts/session.js';
import type { Store, Tx } from '../storage/ports.js';
import { rootOwnerId } from '../identity/mfa/devices.js';
import { newCsrfToken, type ConsoleSession } from './sessions.js';
import { appendConsoleLogin, type SignInIdentity } from './signin-event.js';
import { passwordFingerprint, type PendingSignIn } from './pending-signins.js';
import type { SignInThrottle } from './throttle.js';

/** AWS console sessions: 12 hours for IAM users, 1 hour for the root user. */
const USER_SESSION_SECONDS = 12 * 3600;
const ROOT_SESSION_SECONDS = 3600;
/** Compared against when the user name is unknown, so a miss costs what a wrong password costs. */
const DECOY_HASH = hashPassword('decoy password, never valid');

export interface SignInDeps {
  store: Store;
  account: IamAccount;
  throttle: SignInThrottle;
  accountId: string;
  region: string;
}

export interface SignInRequest {
  accountId: string;
  /** Absent or empty: the root user. */
  userName?: string;
  password: string;
}

export interface SignInConn {
  sourceIp: string;
  userAgent: string;
  tls?: TlsDetails;
  loginTo: string;
  now: Date;
}

export type SignInFailure = { ok: false; status: number; code: string; message: string };
/** `mfa`: the password was right and the user (or root) has an MFA device; the code is the second step (signin-mfa.ts). */
export type SignInResult = { ok: true; session: ConsoleSession } | { ok: 'mfa'; pending: PendingSignIn } | SignInFailure;

export const FAILED = {
  ok: false as const,
  status: 401,
  code: 'AuthFailure',
  message: 'Your authentication information is incorrect. Please try again.',
};
export const THROTTLED = {
  ok: false as const,
  status: 429,
  code: 'Throttling',
  message: 'Too many failed sign-in attempts. Wait a few minutes, then try again.',
};

/**
 * Verifies a console password and, on success, mints the session's temporary credentials (an STS
 * session marked as a console session) and records ConsoleLogin, in one transaction: there is no
 * signed-in session whose sign-in is not recorded, and every failure is recorded too.
 */
export async function signIn(deps: SignInDeps, req: SignInRequest, conn: SignInConn): Promise<SignInResult> {
  if (req.accountId !== deps.accountId) return FAILED; // no such account here: nothing to record it in
  const root = !req.userName;
  const userKey = root ? 'root' : req.userName!.toLowerCase();
  const { user, passwordHash, throttled, tags, hasMfa } = await deps.store.read((tx) => lookUp(deps, tx, userKey, req, conn));
  const identity: SignInIdentity = root
    ? { type: 'Root', accountId: deps.accountId }
    : user
      ? { type: 'IAMUser', principalId: user.userId, arn: user.arn, accountId: deps.accountId, userName: user.name }
      : { type: 'Unknown', accountId: deps.accountId };
  const attempt = signInAttempt(deps, identity, conn);

  const nowMs = conn.now.getTime();
  if (throttled) {
    // The password is not even checked; the attempt is still recorded as the failed sign-in it is.
    await deps.store.write((tx) => appendConsoleLogin(tx.events, { ...attempt, success: false }));
    return THROTTLED;
  }
  if (!(await passwordMatches(passwordHash, req.password))) {
    await deps.store.write(async (tx) => {
      await deps.throttle.fail(tx, userKey, conn.sourceIp, nowMs);
      await appendConsoleLogin(tx.events, { ...attempt, success: false });
    });
    return FAILED;
  }

  // The password was right; with an MFA device, nothing is issued (or recorded) until the code is.
  if (hasMfa && passwordHash) {
    const userId = root ? rootOwnerId(deps.accountId) : user!.userId;
    return { ok: 'mfa', pending: { userId, userKey, passwordSha256: passwordFingerprint(passwordHash), expiresMs: nowMs + PENDING_MS } };
  }

  const principal = sessionPrincipal(deps, user, tags, conn.now, false);
  const seconds = root ? ROOT_SESSION_SECONDS : USER_SESSION_SECONDS;
  const creds = await deps.store.write(async (tx) => {
    await deps.throttle.succeed(tx, userKey);
    const issued = await issueSession(tx, deps.account, principal, conn.now, seconds);
    await appendConsoleLogin(tx.events, { ...attempt, success: true });
    return issued;
  });
  return { ok: true, session: consoleSession(deps, principal, user, creds, conn.now) };
}

/** The second step must follow the first within five minutes. */
const PENDING_MS = 5 * 60_000;

export function signInAttempt(deps: SignInDeps, identity: SignInIdentity, conn: SignInConn) {
  return {
    identity,
    mfaUsed: false,
    sourceIp: conn.sourceIp,
    userAgent: conn.userAgent,
    loginTo: conn.loginTo,
    region: deps.region,
    recipientAccountId: deps.accountId,
    tls: conn.tls,
    now: conn.now,
  };
}

export function consoleSession(
  deps: SignInDeps,
  principal: Omit<Principal, 'accessKeyId'>,
  user: UserRow | undefined,
  creds: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: Date },
  now: Date,
): ConsoleSession {
  return {
    csrfToken: newCsrfToken(),
    credentials: { accessKeyId: creds.AccessKeyId, secretAccessKey: creds.SecretAccessKey, sessionToken: creds.SessionToken },
    expiresAt: creds.Expiration,
    signedInAt: now,
    identity: {
      type: principal.type as 'Root' | 'IAMUser',
      accountId: deps.accountId,
      userName: user?.name,
      arn: principal.arn,
      mfaUsed: principal.sessionContext?.attributes.mfaAuthenticated === 'true',
    },
  };
}

export { ROOT_SESSION_SECONDS, USER_SESSION_SECONDS };

/**
 * What sign-in needs from one snapshot: the user, the password hash (its login profile's, or the
 * root user's console password), its tags, and the throttle's verdict.
 */
async function lookUp(deps: SignInDeps, tx: Tx, userKey: string, req: SignInRequest, conn: SignInConn) {
  const user = req.userName ? await tx.iamEntities.findUser(req.userName) : undefined;
  const profile = user ? await tx.iamEntities.loginProfile(user.userId) : undefined;
  const tags = user ? await tagMap(tx, 'user', user.userId) : {};
  const throttled = await deps.throttle.isThrottled(tx, userKey, conn.sourceIp, conn.now.getTime());
  const ownerId = req.userName ? user?.userId : rootOwnerId(deps.accountId);
  const hasMfa = ownerId ? (await tx.iamMfa.devicesOf(ownerId)).length > 0 : false;
  const passwordHash = req.userName ? profile?.passwordHash : (await tx.iamPasswords.rootPassword())?.passwordHash;
  return { user, passwordHash, throttled, tags, hasMfa };
}

/** scrypt runs on the thread pool, outside any transaction. */
async function passwordMatches(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (typeof password !== 'string' || password.length === 0 || password.length > 1024) return false;
  const ok = await verifyPasswordAsync(password, passwordHash ?? DECOY_HASH);
  return ok && passwordHash !== undefined;
}

/** The session's principal: the user (or root) itself, with a sessionContext and the console mark. */
export function sessionPrincipal(
  deps: SignInDeps,
  user: UserRow | undefined,
  tags: Record<string, string>,
  now: Date,
  mfa: boolean,
): Omit<Principal, 'accessKeyId'> {
  const sessionContext = {
    attributes: { creationDate: creationDate(now), mfaAuthenticated: mfa ? ('true' as const) : ('false' as const) },
  };
  if (!user) {
    const { accessKeyId: _none, ...root } = rootPrincipal(deps.accountId, '');
    return { ...root, sessionContext, consoleSession: true };
  }
  return {
    type: 'IAMUser',
    principalId: user.userId,
    arn: user.arn,
    accountId: deps.accountId,
    userName: user.name,
    username: user.name,
    userId: user.userId,
    tags,
    sessionPolicies: [],
    sessionContext,
    consoleSession: true,
  };
}
