import { credentialScope, identifyService, virtualHostBucket } from '../../protocol/route-service.js';
import { codecFor } from '../../protocol/codec.js';
import { ServiceError } from '../../errors/service-error.js';
import type { RequestContext } from '../context.js';
import type { GatewayDeps } from '../deps.js';

/** Works out which hosted service and wire protocol a request is for. */
export function identify(ctx: RequestContext, deps: GatewayDeps): void {
  const found = identifyService(ctx.req);
  const service = found && deps.services.get(found.service);
  if (!found || !service) {
    // Unknown services answer like S3 would for an unknown route: the default service of the port.
    ctx.service = deps.services.get('s3');
    ctx.protocol = 'rest-xml';
    ctx.codec = ctx.service && codecFor(ctx.service.model);
    throw new ServiceError('NotImplemented', 'A header you provided implies functionality that is not implemented.', { status: 501 });
  }
  ctx.service = service;
  ctx.protocol = service.protocol;
  ctx.codec = codecFor(service.model);
  ctx.region = found.region ?? service.globalRegion ?? deps.defaultRegion;
  if (service.id === 's3') ctx.virtualHostBucket = virtualHostBucket(ctx.req.headers.host ?? '');
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
