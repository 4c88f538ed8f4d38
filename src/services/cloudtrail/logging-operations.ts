import type { GetTrailStatusResponse } from '../../protocol/generated/cloudtrail.js';
import { deliveryState } from '../../audit/deliver/delivery-state.js';
import { isoSeconds } from '../../audit/deliver/time-format.js';
import type { CallContext } from '../service.js';
import type { CloudTrailServiceDeps } from './deps.js';
import { findTrail, omitUndefined } from './resolve.js';
import { trailStore } from './trail-store.js';

/**
 * The sequence number this call's own event will get: the recorder appends it right after `execute`,
 * in the same unit of work, so nothing else can take the number in between.
 */
const ownEventSeq = (deps: CloudTrailServiceDeps) => (deps.eventLog ? deps.eventLog.lastSeq() + 1 : undefined);

/** Starts delivery of events from this call on (a trail created through the API is not logging yet). */
export const startLogging = (deps: CloudTrailServiceDeps) => (input: { Name: string }, call: CallContext) => {
  const trail = findTrail(call, input.Name, 'write');
  if (!trail.isLogging) {
    trailStore.update(call.db, { ...trail, isLogging: true, startLoggingTime: call.now.getTime() });
    trailStore.startInterval(call.db, trail.arn, call.now.getTime(), ownEventSeq(deps));
  }
  return {};
};

/** Events up to this call are still delivered (and a final digest written); later ones are not. */
export const stopLogging = (deps: CloudTrailServiceDeps) => (input: { Name: string }, call: CallContext) => {
  const trail = findTrail(call, input.Name, 'write');
  if (trail.isLogging) {
    trailStore.update(call.db, { ...trail, isLogging: false, stopLoggingTime: call.now.getTime() });
    trailStore.stopInterval(call.db, trail.arn, call.now.getTime(), ownEventSeq(deps));
  }
  return {};
};

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
const legacy = (ms: number | undefined) => (ms === undefined ? '' : isoSeconds(new Date(ms)));

/** Real values from the delivery and digest workers; the legacy string members as AWS still fills them. */
export function getTrailStatus(input: { Name: string }, call: CallContext): GetTrailStatusResponse {
  const trail = findTrail(call, input.Name, 'read');
  const s = deliveryState.status(call.db, trail.arn);
  return omitUndefined({
    IsLogging: trail.isLogging,
    LatestDeliveryError: s?.latestDeliveryError,
    LatestDeliveryTime: date(s?.latestDeliveryTime),
    StartLoggingTime: date(trail.startLoggingTime),
    StopLoggingTime: date(trail.stopLoggingTime),
    LatestDigestDeliveryTime: date(s?.latestDigestDeliveryTime),
    LatestDigestDeliveryError: s?.latestDigestDeliveryError,
    LatestDeliveryAttemptTime: legacy(s?.latestDeliveryAttemptTime),
    LatestDeliveryAttemptSucceeded: legacy(s?.latestDeliveryAttemptSucceeded),
    LatestNotificationAttemptTime: '',
    LatestNotificationAttemptSucceeded: '',
    TimeLoggingStarted: legacy(trail.startLoggingTime),
    TimeLoggingStopped: trail.isLogging ? '' : legacy(trail.stopLoggingTime),
  });
}
