import type {
  GetEventSelectorsRequest,
  GetEventSelectorsResponse,
  PutEventSelectorsRequest,
  PutEventSelectorsResponse,
} from '../../../protocol/generated/cloudtrail.js';
import type { StoredSelectors } from '../../../audit/trails/trail.js';
import type { CallContext } from '../../service.js';
import { findTrail } from './resolve.js';
import { validateEventSelectors } from './selector-validation.js';

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
export async function putEventSelectors(input: PutEventSelectorsRequest, call: CallContext): Promise<PutEventSelectorsResponse> {
  const trail = await findTrail(call, input.TrailName, 'write');
  const selectors = validateEventSelectors(input);
  await call.tx.trails.update({ ...trail, selectors });
  return asResponse(trail.arn, selectors);
}

export async function getEventSelectors(input: GetEventSelectorsRequest, call: CallContext): Promise<GetEventSelectorsResponse> {
  const trail = await findTrail(call, input.TrailName, 'read');
  return asResponse(trail.arn, trail.selectors ?? DEFAULT_SELECTORS);
}
