import { checkUserCode, rootOwnerId } from '../identity/mfa/devices.js';
import { tagMap } from '../identity/store/credential-store.js';
import type { UserRow } from '../identity/store/rows.js';
import { issueSession } from '../services/sts/session.js';
import type { Tx } from '../storage/ports.js';
import { passwordFingerprint, type PendingSignIn, type PendingSignIns } from './pending-signins.js';
import { appendConsoleLogin, type SignInIdentity } from './signin-event.js';
import {
  consoleSession,
  FAILED,
  ROOT_SESSION_SECONDS,
  sessionPrincipal,
  signInAttempt,
  THROTTLED,
  USER_SESSION_SECONDS,
  type SignInConn,
  type SignInDeps,
  type SignInResult,
} from './signin.js';

/**
 * The second step of a sign-in: the code from the user's (or the root user's) virtual MFA device.
 * The code is checked inside the write transaction that records the outcome, so two racing uses of
 * one code cannot both pass (the device's replay guard moves forward in that transaction). A wrong
 * code counts as a failed sign-in for the throttle and is recorded as ConsoleLogin Failure with
 * MFAUsed "Yes"; a right one issues a session whose calls carry mfaAuthenticated "true"
 * (aws:MultiFactorAuthPresent). A user deleted, or a password changed or removed, since the first
 * step ends the pending sign-in.
 */
export async function completeMfaSignIn(
  deps: SignInDeps & { pending: PendingSignIns },
  pendingId: string,
  pending: PendingSignIn,
  code: string,
  conn: SignInConn,
): Promise<SignInResult> {
  const nowMs = conn.now.getTime();
  return deps.store.write(async (tx) => {
    const who = await signingIn(deps, tx, pending);
    if (!who) {
      await deps.pending.delete(tx, pendingId);
      return FAILED;
    }
    const attempt = { ...signInAttempt(deps, who.identity, conn), mfaUsed: true };
    if (await deps.throttle.isThrottled(tx, pending.userKey, conn.sourceIp, nowMs)) {
      await appendConsoleLogin(tx.events, { ...attempt, success: false });
      return THROTTLED;
    }
    const found = await checkUserCode(tx, deps.account, pending.userId, code, conn.now);
    if (!found) {
      await deps.throttle.fail(tx, pending.userKey, conn.sourceIp, nowMs);
      await appendConsoleLogin(tx.events, { ...attempt, success: false });
      return FAILED;
    }
    await tx.iamMfa.useStep(found.device.serialNumber, found.step);
    await deps.pending.delete(tx, pendingId);
    await deps.throttle.succeed(tx, pending.userKey);
    const tags = who.user ? await tagMap(tx, 'user', who.user.userId) : {};
    const principal = sessionPrincipal(deps, who.user, tags, conn.now, true);
    const creds = await issueSession(tx, deps.account, principal, conn.now, who.user ? USER_SESSION_SECONDS : ROOT_SESSION_SECONDS);
    await appendConsoleLogin(tx.events, { ...attempt, mfaIdentifier: found.device.serialNumber, success: true });
    return { ok: true as const, session: consoleSession(deps, principal, who.user, creds, conn.now) };
  });
}

/**
 * Who the pending sign-in is for, if the password the first step matched still stands: the root
 * user (its console password) or an IAM user (its login profile).
 */
async function signingIn(
  deps: SignInDeps,
  tx: Tx,
  pending: PendingSignIn,
): Promise<{ identity: SignInIdentity; user?: UserRow } | undefined> {
  const unchanged = (hash: string | undefined) => hash !== undefined && passwordFingerprint(hash) === pending.passwordSha256;
  if (pending.userId === rootOwnerId(deps.accountId)) {
    const root = await tx.iamPasswords.rootPassword();
    return unchanged(root?.passwordHash) ? { identity: { type: 'Root', accountId: deps.accountId } } : undefined;
  }
  const user = await tx.iamEntities.userById(pending.userId);
  const profile = user && (await tx.iamEntities.loginProfile(user.userId));
  if (!user || !unchanged(profile?.passwordHash)) return undefined;
  return { identity: { type: 'IAMUser', principalId: user.userId, arn: user.arn, accountId: deps.accountId, userName: user.name }, user };
}
