import { verifySigV4 } from '../../auth/verify.js';
import { credentialScope } from '../../protocol/route-service.js';
import type { RequestContext } from '../context.js';
import type { GatewayDeps } from '../deps.js';
import type { Tx } from '../../storage/ports.js';
import type { AccessKeyLookup } from '../../identity/credentials.js';
import { refuseUnhosted } from './identify.js';
import { classifyRequest } from '../../auth/classify.js';
import { formAction } from '../../protocol/route-service.js';
import { anonymousPrincipal } from '../../identity/principal.js';

/** S3 allows 15 minutes of clock skew; the JSON and query APIs (CloudHSM, STS, IAM) allow 5. */
const S3_MAX_SKEW_MS = 15 * 60_000;
const API_MAX_SKEW_MS = 5 * 60_000;
const ACCESS_KEY_IN_CREDENTIAL = /Credential=([^/,\s]+)\//;

/**
 * Verifies SigV4 and resolves the one principal of this request. There is no unsigned mode: the only
 * unsigned requests served are the few operations AWS serves unsigned (admitsAnonymous), whose handlers
 * check the proof in their input. A request for a service hsmtrail does not host is refused here, once its
 * caller is known.
 */
export async function authenticate(ctx: RequestContext, deps: GatewayDeps, tx: Tx): Promise<void> {
  if (admitsAnonymous(ctx)) {
    ctx.principal = anonymousPrincipal(deps.accountId);
    return;
  }
  ctx.claimedAccessKeyId = claimedAccessKeyId(ctx);
  const result = await verifySigV4(ctx.req, {
    now: deps.clock(),
    credentials: claimingLookup(ctx, deps, tx),
    protocol: ctx.protocol!,
    maxSkewMs: ctx.protocol === 'rest-xml' ? S3_MAX_SKEW_MS : API_MAX_SKEW_MS,
    ...expectedScope(ctx),
  });
  ctx.principal = result.accessKey.principal;
  ctx.auth = result;
  if (ctx.service && !ctx.service.globalRegion) ctx.region = result.region;
  refuseUnhosted(ctx, deps);
}

/** An unsigned request (no Authorization header, no presigned query) for one of its service's `anonymous` operations. */
function admitsAnonymous(ctx: RequestContext): boolean {
  const operations = ctx.service?.anonymous?.operations;
  if (!operations || classifyRequest(ctx.req) !== 'anonymous') return false;
  const action = formAction(ctx.req);
  return action !== undefined && operations.includes(action);
}

/**
 * The key lookup, on this request's snapshot. A known key names its account even when verification
 * then fails (bad signature, expired token): CloudTrail records the claimed key's account.
 */
function claimingLookup(ctx: RequestContext, deps: GatewayDeps, tx: Tx): AccessKeyLookup {
  return {
    async findAccessKey(accessKeyId) {
      const record = await deps.credentials.findAccessKey(tx, accessKeyId);
      if (record) ctx.claimedAccountId = record.principal.accountId;
      return record;
    },
  };
}

/**
 * A request routed by its credential scope may be scoped to any region, and its service is the one it was
 * routed to. A scope that could not route (an empty element) must name this endpoint's region and service,
 * so that verification reports which element is wrong.
 */
function expectedScope(ctx: RequestContext): { region?: string; service?: string } {
  if (!ctx.service || credentialScope(ctx.req)) return {};
  return { region: ctx.region, service: ctx.service.model.metadata.signingName };
}

function claimedAccessKeyId(ctx: RequestContext): string | undefined {
  const header = ctx.req.headers.authorization;
  if (header) return ACCESS_KEY_IN_CREDENTIAL.exec(header)?.[1];
  const match = /(?:^|&)X-Amz-Credential=([^&]+)/.exec(ctx.req.query);
  return match ? decodeURIComponent(match[1]!).split('/')[0] : undefined;
}
