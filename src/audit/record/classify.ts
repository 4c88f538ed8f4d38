import type { RequestContext } from '../../gateway/context.js';

const READ_ONLY_PREFIXES = ['Describe', 'Get', 'List', 'Lookup', 'Head'];

/** Stands in for an operation the request did not name in any recognisable way. */
export const UNIDENTIFIED_OPERATION = 'UnknownOperation';

/**
 * The eventName: the parsed operation, else what the wire named before parsing failed — the
 * `X-Amz-Target` suffix (JSON protocols) or the `Action` parameter (query protocols) — so that
 * rejected calls are still findable by the name the caller used.
 */
export function eventNameOf(ctx: RequestContext): string {
  if (ctx.operation) return ctx.operation;
  const target = ctx.req.headers['x-amz-target'];
  if (target) return target.slice(target.lastIndexOf('.') + 1) || UNIDENTIFIED_OPERATION;
  return actionParam(ctx) ?? UNIDENTIFIED_OPERATION;
}

function actionParam(ctx: RequestContext): string | undefined {
  const fromQuery = new URLSearchParams(ctx.req.query).get('Action');
  if (fromQuery) return fromQuery;
  const type = ctx.req.headers['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') || ctx.req.body.length === 0) return undefined;
  return new URLSearchParams(ctx.req.body.toString('utf8')).get('Action') ?? undefined;
}

/**
 * Where CloudTrail's classification contradicts the name (as real CloudTrail records show): STS's token-issuing
 * Get* calls are writes, and its AssumeRole* calls are read-only.
 */
const CLOUDTRAIL_EXCEPTIONS: Record<string, boolean> = {
  'sts.amazonaws.com GetSessionToken': false,
  'sts.amazonaws.com GetFederationToken': false,
  'sts.amazonaws.com AssumeRole': true,
  'sts.amazonaws.com AssumeRoleWithSAML': true,
  'sts.amazonaws.com AssumeRoleWithWebIdentity': true,
};

/** AuditSpec.readOnly wins, then CloudTrail's known exceptions, then the Describe/Get/List/Lookup/Head rule. */
export function isReadOnly(ctx: RequestContext, eventName: string): boolean {
  const declared = ctx.operation ? ctx.service?.audit?.readOnly?.(ctx.operation) : undefined;
  if (declared !== undefined) return declared;
  const known = CLOUDTRAIL_EXCEPTIONS[`${ctx.service?.eventSource} ${eventName}`];
  if (known !== undefined) return known;
  return READ_ONLY_PREFIXES.some((p) => eventName.startsWith(p));
}

export function isDataEvent(ctx: RequestContext): boolean {
  return Boolean(ctx.operation && ctx.service?.audit?.isDataEvent?.(ctx.operation));
}

/** Read-only calls whose responses CloudTrail still records: AssumeRole* return the session they create. */
const READ_ONLY_WITH_RESPONSE = new Set([
  'sts.amazonaws.com AssumeRole',
  'sts.amazonaws.com AssumeRoleWithSAML',
  'sts.amazonaws.com AssumeRoleWithWebIdentity',
]);

/** responseElements are recorded for writes (and the exceptions above); read-only calls get null. */
export function recordsResponse(ctx: RequestContext, eventName: string, readOnly: boolean): boolean {
  return !readOnly || READ_ONLY_WITH_RESPONSE.has(`${ctx.service?.eventSource} ${eventName}`);
}
