import type { GetEventSelectorsResponse, PutEventSelectorsRequest } from '../../protocol/generated/cloudtrail.js';
import type { CallContext } from '../service.js';
import { findTrail } from './resolve.js';
import { validateEventSelectors } from './selector-validation.js';
import { trailStore, type StoredSelectors } from './trail-store.js';

/** The default when none were put: all management events, read and write. */
const DEFAULT_SELECTORS: StoredSelectors = {
  kind: 'basic',
  selectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }],
};

function asResponse(arn: string, stored: StoredSelectors): GetEventSelectorsResponse {
  return stored.kind === 'basic'
    ? { TrailARN: arn, EventSelectors: stored.selectors }
    : { TrailARN: arn, AdvancedEventSelectors: stored.selectors };
}

/** Replaces the whole selector configuration (basic or advanced) and echoes it. */
export function putEventSelectors(input: PutEventSelectorsRequest, call: CallContext): GetEventSelectorsResponse {
  const trail = findTrail(call, input.TrailName, 'write');
  const selectors = validateEventSelectors(input);
  trailStore.update(call.db, { ...trail, selectors });
  return asResponse(trail.arn, selectors);
}

export function getEventSelectors(input: { TrailName: string }, call: CallContext): GetEventSelectorsResponse {
  const trail = findTrail(call, input.TrailName, 'read');
  return asResponse(trail.arn, trail.selectors ?? DEFAULT_SELECTORS);
}
