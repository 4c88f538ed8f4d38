import type {
  GetTrailStatusRequest,
  GetTrailStatusResponse,
  StartLoggingRequest,
  StartLoggingResponse,
  StopLoggingRequest,
  StopLoggingResponse,
} from '../../../protocol/generated/cloudtrail.js';
import { isoSeconds } from '../../../audit/deliver/time-format.js';
import type { CallContext } from '../../service.js';
import { findTrail, omitUndefined } from './resolve.js';

/**
 * The sequence number this call's own event will get: the recorder appends it right after `execute`,
 * in the same transaction, and from `nextSeq` on no other transaction can take the number.
 */
const ownEventSeq = (call: CallContext) => call.tx.events.nextSeq();

/** Starts delivery of events from this call on (a trail created through the API is not logging yet). */
export async function startLogging(input: StartLoggingRequest, call: CallContext): Promise<StartLoggingResponse> {
  const trail = await findTrail(call, input.Name, 'write');
  if (!trail.isLogging) {
    await call.tx.trails.update({ ...trail, isLogging: true, startLoggingTime: call.now.getTime() });
    await call.tx.trails.startInterval(trail.arn, call.now.getTime(), await ownEventSeq(call));
  }
  return {};
}

/** Events up to this call are still delivered (and a final digest written); later ones are not. */
export async function stopLogging(input: StopLoggingRequest, call: CallContext): Promise<StopLoggingResponse> {
  const trail = await findTrail(call, input.Name, 'write');
  if (trail.isLogging) {
    await call.tx.trails.update({ ...trail, isLogging: false, stopLoggingTime: call.now.getTime() });
    await call.tx.trails.stopInterval(trail.arn, call.now.getTime(), await ownEventSeq(call));
  }
  return {};
}

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
const legacy = (ms: number | undefined) => (ms === undefined ? '' : isoSeconds(new Date(ms)));

/** Real values from the delivery and digest workers; the legacy string members as AWS still fills them. */
export async function getTrailStatus(input: GetTrailStatusRequest, call: CallContext): Promise<GetTrailStatusResponse> {
  const trail = await findTrail(call, input.Name, 'read');
  const s = await call.tx.delivery.status(trail.arn);
  return omitUndefined({
    IsLogging: trail.isLogging,
    LatestDeliveryError: s?.latestDeliveryError,
    LatestNotificationError: s?.latestNotificationError,
    LatestNotificationTime: date(s?.latestNotificationTime),
    LatestDeliveryTime: date(s?.latestDeliveryTime),
    StartLoggingTime: date(trail.startLoggingTime),
    StopLoggingTime: date(trail.stopLoggingTime),
    LatestDigestDeliveryTime: date(s?.latestDigestDeliveryTime),
    LatestDigestDeliveryError: s?.latestDigestDeliveryError,
    LatestDeliveryAttemptTime: legacy(s?.latestDeliveryAttemptTime),
    LatestDeliveryAttemptSucceeded: legacy(s?.latestDeliveryAttemptSucceeded),
    LatestNotificationAttemptTime: legacy(s?.latestNotificationAttemptTime),
    LatestNotificationAttemptSucceeded: legacy(s?.latestNotificationAttemptSucceeded),
    TimeLoggingStarted: legacy(trail.startLoggingTime),
    TimeLoggingStopped: trail.isLogging ? '' : legacy(trail.stopLoggingTime),
  });
}
