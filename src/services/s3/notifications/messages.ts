/**
 * The messages S3 sends to notification destinations (S3 User Guide, "Event message structure"): a Records array
 * with one record per event (eventVersion 2.1), and the s3:TestEvent sent to each destination when the
 * configuration is put.
 */
import { hostId } from '../../../protocol/rest-xml/codec.js';
import { bucketArn, canonicalUserId } from '../store.js';

/** One object change, as the operation that made it knows it. */
export interface ObjectEvent {
  bucket: string;
  /** The bucket's owner account and region. */
  ownerAccountId: string;
  region: string;
  /** Without the `s3:` prefix: `ObjectCreated:Put`, `ObjectRemoved:Delete`... */
  eventName: string;
  key: string;
  size?: number;
  /** Quoted or not; the message carries it unquoted. */
  etag?: string;
  /** Who caused it: the caller's principal id, or the delivering service's. */
  principalId: string;
  sourceIp: string;
  requestId: string;
  time: Date;
}

/** Keys are URL-encoded in the message, spaces as `+`, as S3 writes them. */
export function encodeKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

let lastSequencer = 0n;

/** A hex value that grows with every event (S3: "a way to determine the sequence of events" for a key). */
export function nextSequencer(time: Date): string {
  const candidate = BigInt(time.getTime()) * 1_000_000n;
  lastSequencer = candidate > lastSequencer ? candidate : lastSequencer + 1n;
  return lastSequencer.toString(16).toUpperCase().padStart(18, '0');
}

export function eventRecord(e: ObjectEvent, configurationId: string, sequencer: string): Record<string, unknown> {
  const removed = e.eventName.startsWith('ObjectRemoved');
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: e.region,
    eventTime: e.time.toISOString(),
    eventName: e.eventName,
    userIdentity: { principalId: e.principalId },
    requestParameters: { sourceIPAddress: e.sourceIp },
    responseElements: { 'x-amz-request-id': e.requestId, 'x-amz-id-2': hostId(e.requestId) },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId,
      bucket: { name: e.bucket, ownerIdentity: { principalId: canonicalUserId(e.ownerAccountId) }, arn: bucketArn(e.bucket) },
      object: {
        key: encodeKey(e.key),
        ...(removed ? {} : { size: e.size ?? 0, eTag: (e.etag ?? '').replace(/"/g, '') }),
        sequencer,
      },
    },
  };
}

export function testEvent(bucket: string, requestId: string, time: Date): string {
  return JSON.stringify({
    Service: 'Amazon S3',
    Event: 's3:TestEvent',
    Time: time.toISOString(),
    Bucket: bucket,
    RequestId: requestId,
    HostId: hostId(requestId),
  });
}
