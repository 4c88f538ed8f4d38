/**
 * Sends a bucket's event notifications through SQS's and SNS's service ports, inside the transaction of the object
 * change (durable with it, fail-closed). A destination that no longer exists or no longer lets S3 in is skipped,
 * as on AWS, where such deliveries are dropped.
 */
import { randomBytes } from 'node:crypto';
import type { Tx } from '../../../storage/ports.js';
import type { SnsSigningKey } from '../../../storage/ports/sns.js';
import type { ServicePublisher } from '../../sns/service-publisher.js';
import type { ServiceSender } from '../../sqs/service-sender.js';
import { bucketArn } from '../store.js';
import { invalidArgument, wants, type Destination } from './configuration.js';
import { eventRecord, nextSequencer, testEvent, type ObjectEvent } from './messages.js';

export const S3_PRINCIPAL = 's3.amazonaws.com';
/** The SenderId SQS shows for messages S3 sent: S3's own principal id, one fixed value here. */
const S3_SENDER_ID = 'AIDAJQR6QDGQ7PATMSYEY';
const SUBJECT = 'Amazon S3 Notification';

export interface S3NotifierDeps {
  queues: ServiceSender;
  topics: ServicePublisher;
}

export class S3Notifier {
  constructor(private readonly deps: S3NotifierDeps) {}

  /** Outside the transaction: signing keys for the topics' regions that have none yet. */
  async prepare(read: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>, destinations: Destination[], now: Date): Promise<SnsSigningKey[]> {
    const keys: SnsSigningKey[] = [];
    const regions = new Set<string>();
    for (const d of destinations) {
      const region = d.arn.split(':')[3] ?? '';
      if (d.kind !== 'topic' || regions.has(region)) continue;
      regions.add(region);
      const key = await this.deps.topics.prepare(read, d.arn, now);
      if (key) keys.push(key);
    }
    return keys;
  }

  /** S3's destination validation: each must exist and let S3 send from this bucket; all failures are named. */
  async validate(tx: Tx, bucket: string, ownerAccountId: string, destinations: Destination[]): Promise<void> {
    const fields: Record<string, string> = {};
    let n = 0;
    for (const d of destinations) {
      const source = { servicePrincipal: S3_PRINCIPAL, sourceArn: bucketArn(bucket), sourceAccount: ownerAccountId };
      const verdict =
        d.kind === 'queue'
          ? await this.deps.queues.check(tx, { queueArn: d.arn, ...source })
          : await this.deps.topics.check(tx, { topicArn: d.arn, ...source });
      if (verdict === 'ok') continue;
      n++;
      fields[`ArgumentName${n}`] = d.arn;
      fields[`ArgumentValue${n}`] =
        verdict === 'NotFound' || verdict === 'NonExistentQueue'
          ? `The destination ${d.kind} does not exist`
          : `Permissions on the destination ${d.kind} do not allow S3 to publish notifications from this bucket`;
    }
    if (n > 0) throw invalidArgument('Unable to validate the following destination configurations', fields);
  }

  /** The s3:TestEvent, once to each distinct destination, when a configuration is put. */
  async sendTestEvents(
    tx: Tx,
    bucket: string,
    ownerAccountId: string,
    destinations: Destination[],
    requestId: string,
    now: Date,
  ): Promise<void> {
    const body = testEvent(bucket, requestId, now);
    const sent = new Set<string>();
    for (const d of destinations) {
      if (sent.has(d.arn)) continue;
      sent.add(d.arn);
      await this.send(tx, d, bucket, ownerAccountId, body, now);
    }
  }

  /** The object change's event, to every destination of the bucket that wants it. */
  async emit(tx: Tx, e: ObjectEvent): Promise<void> {
    const doc = await tx.buckets.notification(e.bucket);
    if (!doc) return;
    const destinations = (JSON.parse(doc) as Destination[]).filter((d) => wants(d, `s3:${e.eventName}`, e.key));
    if (destinations.length === 0) return;
    const sequencer = nextSequencer(e.time);
    for (const d of destinations) {
      const body = JSON.stringify({ Records: [eventRecord(e, d.id, sequencer)] });
      await this.send(tx, d, e.bucket, e.ownerAccountId, body, e.time);
    }
  }

  /**
   * An object a service stored in the built-in bucket (CloudTrail's log files and digests): its ObjectCreated:Put
   * event, with the service as the requester.
   */
  async emitServicePut(tx: Tx, servicePrincipal: string, o: { bucket: string; key: string; size: number; etag: string }): Promise<void> {
    const bucket = await tx.buckets.find(o.bucket);
    if (!bucket) return;
    await this.emit(tx, {
      ...o,
      eventName: 'ObjectCreated:Put',
      ownerAccountId: bucket.ownerAccountId,
      region: bucket.region,
      principalId: `AWS:${servicePrincipal}`,
      sourceIp: servicePrincipal,
      requestId: randomBytes(8).toString('hex').toUpperCase(),
      time: new Date(),
    });
  }

  private async send(tx: Tx, d: Destination, bucket: string, ownerAccountId: string, body: string, now: Date): Promise<void> {
    const source = { servicePrincipal: S3_PRINCIPAL, sourceArn: bucketArn(bucket), sourceAccount: ownerAccountId, now };
    if (d.kind === 'queue') await this.deps.queues.send(tx, { queueArn: d.arn, senderId: S3_SENDER_ID, body, ...source });
    else await this.deps.topics.publish(tx, { topicArn: d.arn, message: body, subject: SUBJECT, ...source });
  }
}
