/** The CloudTrail control plane this server implements: one method per operation of API 2013-11-01. */
import type * as T from '../../protocol/generated/cloudtrail.js';
import type { CallContext } from '../service.js';
import type { CloudTrailServiceDeps } from './deps.js';
import * as logging from './ops/logging.js';
import * as selectors from './ops/selectors.js';
import * as tags from './ops/tags.js';
import * as trails from './ops/trails.js';

/** The operations whose whole work runs in `execute` (CreateTrail, UpdateTrail, ListPublicKeys also prepare: service.ts). */
export type PlainOperation =
  | 'DeleteTrail'
  | 'GetTrail'
  | 'DescribeTrails'
  | 'ListTrails'
  | 'GetTrailStatus'
  | 'StartLogging'
  | 'StopLogging'
  | 'PutEventSelectors'
  | 'GetEventSelectors'
  | 'AddTags'
  | 'RemoveTags'
  | 'ListTags'
  | 'LookupEvents';

export class CloudTrailProvider implements Pick<T.CloudTrailApi<CallContext>, PlainOperation> {
  constructor(private readonly deps: CloudTrailServiceDeps) {}

  DeleteTrail = trails.deleteTrail;
  GetTrail = trails.getTrail;
  DescribeTrails = trails.describeTrails;
  ListTrails = trails.listTrails;
  GetTrailStatus = logging.getTrailStatus;
  StartLogging = logging.startLogging;
  StopLogging = logging.stopLogging;
  PutEventSelectors = selectors.putEventSelectors;
  GetEventSelectors = selectors.getEventSelectors;
  AddTags = tags.addTags;
  RemoveTags = tags.removeTags;
  ListTags = tags.listTags;
  LookupEvents = (input: T.LookupEventsRequest, call: CallContext) => this.deps.lookupEvents(input, call);
}
