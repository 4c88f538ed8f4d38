import { credentialScope, identifyService, isUnhosted, virtualHostBucket, type UnhostedRoute } from '../../protocol/route-service.js';
import { codecFor } from '../../protocol/codec.js';
import { serviceNotHosted, unhostedCodec } from '../../protocol/unhosted.js';
import type { RequestContext } from '../context.js';
import type { GatewayDeps } from '../deps.js';

/** Works out which hosted service and wire protocol a request is for. */
export function identify(ctx: RequestContext, deps: GatewayDeps): void {
  const found = identifyService(ctx.req);
  const service = isUnhosted(found) ? undefined : deps.services.get(found.service);
  if (!service) {
    markUnhosted(ctx, deps, isUnhosted(found) ? found : { unhosted: found.service, protocol: 'json', region: found.region });
    return;
  }
  ctx.service = service;
  ctx.protocol = service.protocol;
  ctx.codec = service.codec ?? codecFor(service.model);
  ctx.region = found.region ?? service.globalRegion ?? deps.defaultRegion;
  if (service.id === 's3') ctx.virtualHostBucket = virtualHostBucket(ctx.req.headers.host ?? '');
}

/**
 * A service hsmtrail does not host is answered in its client's protocol. The refusal waits until the
 * request is authenticated (refuseUnhosted), so that its event names the caller like any failed call.
 */
function markUnhosted(ctx: RequestContext, deps: GatewayDeps, route: UnhostedRoute): void {
  ctx.unhostedService = route.unhosted;
  ctx.protocol = route.protocol;
  ctx.codec = unhostedCodec(route.protocol);
  ctx.region = route.region ?? deps.defaultRegion;
}

/** Throws the not-hosted error for a request identify() marked; a no-op for hosted services. */
export function refuseUnhosted(ctx: RequestContext, deps: GatewayDeps): void {
  if (ctx.unhostedService === undefined) return;
  const hosted = [...deps.services.keys()].filter((id) => id !== 'admin').sort();
  throw serviceNotHosted(ctx.protocol as 'json' | 'query', ctx.unhostedService, hosted);
}

/**
 * An unsigned form POST names its service only in the body's Action (STS vs IAM), so such a request
 * is identified again once its body is read, to answer in the right protocol.
 */
export function needsBodyToIdentify(ctx: RequestContext): boolean {
  const { req } = ctx;
  return (
    ctx.service?.id === 's3' &&
    req.method === 'POST' &&
    req.body.length > 0 &&
    (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') &&
    !credentialScope(req)
  );
}
