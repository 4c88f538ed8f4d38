/** Adapts the verified request Principal (src/identity/principal.ts) to the engine's view of it. */
import type { Principal } from '../principal.js';
import type { RequestPrincipal } from './types.js';

export function requestPrincipalFrom(p: Principal): RequestPrincipal {
  // Unsigned calls skip policy evaluation (gateway/phases/authorize.ts); reaching here would be a bug: fail closed.
  if (p.type === 'Anonymous') throw new Error('an unsigned call has no principal to evaluate policies for');
  const rp: RequestPrincipal = { type: p.type, arn: p.arn, accountId: p.accountId, userId: p.userId, tags: p.tags };
  const username = p.username ?? p.userName;
  if (p.type === 'IAMUser' && username !== undefined) rp.username = username;
  const roleArn = p.sessionContext?.sessionIssuer?.arn;
  if (p.type === 'AssumedRole' && roleArn !== undefined) rp.roleArn = roleArn;
  return rp;
}
