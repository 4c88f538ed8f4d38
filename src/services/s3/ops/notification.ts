/**
 * PutBucketNotificationConfiguration and GetBucketNotificationConfiguration: the configuration is validated (event
 * types, filters, overlaps, then each destination's existence and policy unless x-amz-skip-destination-validation),
 * stored with the bucket, and an s3:TestEvent is sent to each destination in the same transaction.
 */
import type * as T from '../../../protocol/generated/s3.js';
import type { SnsSigningKey } from '../../../storage/ports/sns.js';
import type { CallContext, OperationSpec } from '../../service.js';
import { S3Errors } from '../errors.js';
import { parseConfiguration, toConfiguration, type Destination } from '../notifications/configuration.js';
import type { S3Env } from '../store.js';

type PutInput = T.PutBucketNotificationConfigurationRequest;

export function notificationOperations(env: S3Env) {
  const put: OperationSpec<PutInput, Record<string, never>, SnsSigningKey[]> = {
    async prepare(input, call) {
      const destinations = parseConfiguration(input.NotificationConfiguration);
      return env.notifier ? env.notifier.prepare((fn) => call.read(fn), destinations, call.now) : [];
    },
    async execute(input, call: CallContext, keys) {
      const bucket = await env.store.getBucket(call.tx, input.Bucket);
      if (!bucket) throw S3Errors.NoSuchBucket(input.Bucket);
      const destinations: Destination[] = parseConfiguration(input.NotificationConfiguration);
      if (destinations.length > 0 && !env.notifier) throw S3Errors.InvalidRequest('Event notifications are not available');
      for (const key of keys) await call.tx.snsSigningKeys.install(key);
      if (env.notifier && !input.SkipDestinationValidation) {
        await env.notifier.validate(call.tx, input.Bucket, bucket.ownerAccountId, destinations);
      }
      await call.tx.buckets.setNotification(input.Bucket, destinations.length ? JSON.stringify(destinations) : undefined);
      await env.notifier?.sendTestEvents(call.tx, input.Bucket, bucket.ownerAccountId, destinations, call.requestId, call.now);
      return {};
    },
  };
  return {
    PutBucketNotificationConfiguration: put,
    GetBucketNotificationConfiguration: async (input: T.GetBucketNotificationConfigurationRequest, call: CallContext) => {
      if (!(await env.store.getBucket(call.tx, input.Bucket))) throw S3Errors.NoSuchBucket(input.Bucket);
      const doc = await call.tx.buckets.notification(input.Bucket);
      return toConfiguration(doc ? (JSON.parse(doc) as Destination[]) : []);
    },
  };
}
