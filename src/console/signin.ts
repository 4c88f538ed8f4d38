import type { Store } from '../storage/ports.js';
import type { TlsDetails } from '../gateway/context.js';
import type { Principal } from '../identity/principal.js';
import { rootPrincipal } from '../identity/root-credentials.js';
import type { IdentityStore } from '../identity/store/identity-store.js';
import { hashPassword, verifyPassword } from '../identity/store/password.js';
import { creationDate, issueSession } from '../services/sts/session.js';
import { checkRootPassword } from './root-password.js';
import { newCsrfToken, type ConsoleSession } from './sessions.js';
import { appendConsoleLogin, type SignInIdentity } from './signin-event.js';
import type { SignInThrottle } from './throttle.js';

/** AWS console sessions: 12 hours for IAM users, 1 hour for the root user. */
const USER_SESSION_SECONDS = 12 * 3600;
const ROOT_SESSION_SECONDS = 3600;
/** Compared against when the user name is unknown, so a miss costs what a wrong password costs. */
const DECOY_HASH = hashPassword('decoy password, never valid');

export interface SignInDeps {
  store: IdentityStore;
  /** The storage boundary: the ConsoleLogin event commits with the session it opens. */
  storage: Store;
  throttle: SignInThrottle;
  accountId: string;
  region: string;
  dataDir: string;
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

export type SignInResult = { ok: true; session: ConsoleSession } | { ok: false; status: number; code: string; message: string };

const FAILED = {
  ok: false as const,
  status: 401,
  code: 'AuthFailure',
  message: 'Your authentication information is incorrect. Please try again.',
};
const THROTTLED = {
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
  const user = root ? undefined : deps.store.entities.findUser(req.userName!);
  const identity: SignInIdentity = root
    ? { type: 'Root', accountId: deps.accountId }
    : user
      ? { type: 'IAMUser', principalId: user.userId, arn: user.arn, accountId: deps.accountId, userName: user.name }
      : { type: 'Unknown', accountId: deps.accountId };
  const attempt = {
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

  const nowMs = conn.now.getTime();
  if (deps.throttle.isThrottled(userKey, conn.sourceIp, nowMs)) {
    // The password is not even checked; the attempt is still recorded as the failed sign-in it is.
    await deps.storage.write((tx) => appendConsoleLogin(tx.events, { ...attempt, success: false }));
    return THROTTLED;
  }
  if (!passwordMatches(deps, root, user?.userId, req.password)) {
    deps.throttle.fail(userKey, conn.sourceIp, nowMs);
    await deps.storage.write((tx) => appendConsoleLogin(tx.events, { ...attempt, success: false }));
    return FAILED;
  }
  deps.throttle.succeed(userKey);

  const principal = sessionPrincipal(deps, user, conn.now);
  const seconds = root ? ROOT_SESSION_SECONDS : USER_SESSION_SECONDS;
  const creds = await deps.storage.write(async (tx) => {
    const issued = issueSession(deps.store, principal, conn.now, seconds);
    await appendConsoleLogin(tx.events, { ...attempt, success: true });
    return issued;
  });
  return {
    ok: true,
    session: {
      csrfToken: newCsrfToken(),
      credentials: { accessKeyId: creds.AccessKeyId, secretAccessKey: creds.SecretAccessKey, sessionToken: creds.SessionToken },
      expiresAt: creds.Expiration,
      signedInAt: conn.now,
      identity: {
        type: principal.type as 'Root' | 'IAMUser',
        accountId: deps.accountId,
        userName: user?.name,
        arn: principal.arn,
        mfaUsed: false,
      },
    },
  };
}

function passwordMatches(deps: SignInDeps, root: boolean, userId: string | undefined, password: string): boolean {
  if (typeof password !== 'string' || password.length === 0 || password.length > 1024) return false;
  if (root) return checkRootPassword(deps.dataDir, password);
  const profile = userId ? deps.store.entities.loginProfile(userId) : undefined;
  const ok = verifyPassword(password, profile?.passwordHash ?? DECOY_HASH);
  return ok && profile !== undefined;
}

/** The session's principal: the user (or root) itself, with a sessionContext and the console mark. */
function sessionPrincipal(
  deps: SignInDeps,
  user: { userId: string; name: string; arn: string } | undefined,
  now: Date,
): Omit<Principal, 'accessKeyId'> {
  const sessionContext = { attributes: { creationDate: creationDate(now), mfaAuthenticated: 'false' as const } };
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
    tags: deps.store.entities.tagMap('user', user.userId),
    sessionPolicies: [],
    sessionContext,
    consoleSession: true,
  };
}
