import type { AuthorizationRequest, CallContext } from '../../services/service.js';
import type { RequestContext } from '../context.js';
import type { GatewayDeps } from '../deps.js';

/** Asks the policy evaluator whether the principal may perform this operation on its resources. */
export async function authorize(ctx: RequestContext, deps: GatewayDeps, call: CallContext): Promise<void> {
  // An unsigned call (ServiceDefinition.anonymous) has no policy to evaluate: its handler checks its proof.
  if (call.principal.type === 'Anonymous') return;
  const service = ctx.service!;
  const requests: AuthorizationRequest[] = (await service.authorize?.(ctx.operation!, ctx.input, call)) ?? [
    { action: `${service.actionPrefix}:${ctx.operation}`, resource: '*' },
  ];
  const subject = {
    principal: call.principal,
    protocol: ctx.protocol,
    service: service.actionPrefix,
    operation: ctx.operation,
    region: ctx.region ?? deps.defaultRegion,
    sourceIp: ctx.sourceIp,
    secureTransport: Boolean(ctx.tls),
    time: ctx.receivedAt,
  };
  await deps.authorizer.authorize(subject, requests, call.tx);
}
