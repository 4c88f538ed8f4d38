import { model } from '../../protocol/generated/cloudtrail.js';
import { lookupEvents } from '../../query/lookup-events.js';
import type { AuthorizationRequest, CallContext, ServiceDefinition } from '../service.js';
import { cloudTrailAudit } from './audit.js';
import type { CloudTrailServiceDeps } from './deps.js';
import { listPublicKeys } from './key-operations.js';
import { getTrailStatus, startLogging, stopLogging } from './logging-operations.js';
import { trailArnFor } from './resolve.js';
import { getEventSelectors, putEventSelectors } from './selector-operations.js';
import { addTags, listTags, removeTags } from './tag-operations.js';
import { createTrail, deleteTrail, describeTrails, getTrail, listTrails, updateTrail } from './trail-operations.js';

export type { CloudTrailServiceDeps } from './deps.js';

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
  return {
    id: 'cloudtrail',
    protocol: 'json',
    eventSource: 'cloudtrail.amazonaws.com',
    actionPrefix: 'cloudtrail',
    model,
    operations: {
      CreateTrail: createTrail(deps),
      UpdateTrail: updateTrail(deps),
      DeleteTrail: deleteTrail,
      GetTrail: getTrail,
      DescribeTrails: describeTrails,
      ListTrails: listTrails,
      GetTrailStatus: getTrailStatus,
      StartLogging: startLogging(deps),
      StopLogging: stopLogging(deps),
      PutEventSelectors: putEventSelectors,
      GetEventSelectors: getEventSelectors,
      AddTags: addTags,
      RemoveTags: removeTags,
      ListTags: listTags,
      ListPublicKeys: listPublicKeys(deps.keyRing),
      LookupEvents: (input, call) =>
        deps.lookupEvents ? deps.lookupEvents(input, call) : lookupEvents(call.tx, input, { region: call.region, now: call.now }),
    },
    authorize,
    audit: cloudTrailAudit,
  };
}
