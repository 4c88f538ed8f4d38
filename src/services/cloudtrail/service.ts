/** The CloudTrail service as the gateway hosts it. */
import { model } from '../../protocol/generated/cloudtrail.js';
import type { AuthorizationRequest, CallContext, ServiceDefinition } from '../service.js';
import { cloudTrailAudit } from './audit.js';
import type { CloudTrailServiceDeps } from './deps.js';
import { listPublicKeys } from './ops/keys.js';
import { trailArnFor } from './ops/resolve.js';
import { createTrail, updateTrail } from './ops/trails.js';
import { CloudTrailProvider, type PlainOperation } from './provider.js';

export type { CloudTrailServiceDeps } from './deps.js';

const PLAIN_OPERATIONS: PlainOperation[] = [
  'DeleteTrail',
  'GetTrail',
  'DescribeTrails',
  'ListTrails',
  'GetTrailStatus',
  'StartLogging',
  'StopLogging',
  'PutEventSelectors',
  'GetEventSelectors',
  'AddTags',
  'RemoveTags',
  'ListTags',
  'LookupEvents',
];

/** `cloudtrail:<Op>` on the trail the request names; account-wide operations on `*`. */
function authorize(operation: string, input: Record<string, unknown>, call: CallContext): AuthorizationRequest[] {
  const action = `cloudtrail:${operation}`;
  if (operation === 'ListTags') {
    const ids = (input['ResourceIdList'] as string[] | undefined) ?? [];
    return ids.length ? ids.map((resource) => ({ action, resource })) : [{ action, resource: '*' }];
  }
  const named = (input['Name'] ?? input['TrailName'] ?? input['ResourceId']) as string | undefined;
  return [{ action, resource: trailArnFor(call, named) }];
}

export function cloudtrailService(deps: CloudTrailServiceDeps): ServiceDefinition {
  const provider = new CloudTrailProvider(deps);
  const operations: ServiceDefinition['operations'] = Object.fromEntries(PLAIN_OPERATIONS.map((name) => [name, provider[name]]));
  operations.CreateTrail = createTrail(deps);
  operations.UpdateTrail = updateTrail(deps);
  operations.ListPublicKeys = listPublicKeys(deps.keyRing);
  return {
    id: 'cloudtrail',
    protocol: 'json',
    eventSource: 'cloudtrail.amazonaws.com',
    actionPrefix: 'cloudtrail',
    writesOnRead: deps.lookupEventsWrites ? ['LookupEvents'] : [],
    model,
    operations,
    authorize,
    audit: cloudTrailAudit,
  };
}
