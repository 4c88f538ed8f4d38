/**
 * The S3 model as the wire layer serves it. botocore's S3 model has no way to say that a ranged
 * GetObject (or a HeadObject of one part) answers 206, so their outputs gain a `statusCode`-located
 * member (the mechanism other REST models use); the codec then sets the status from the output.
 *
 * Lifecycle: the deprecated PutBucketLifecycle/GetBucketLifecycle share their routes with the
 * *Configuration operations and are left out, so that the router picks the current ones. A rule's
 * Status and the Rules list are checked by the operation, which answers MalformedXML as S3 does
 * (the generic validator would say InvalidArgument), and the body must carry a checksum.
 */
import { model as botocoreS3 } from '../../protocol/generated/s3.js';
import type { ServiceModel } from '../../protocol/model.js';

export const STATUS_MEMBER = 'HttpStatusCode';

function withPartialStatus(base: ServiceModel): ServiceModel {
  const withStatus = (name: string) => {
    const output = base.shapes[name]!;
    return { ...output, members: { ...output.members, [STATUS_MEMBER]: { shape: 'HttpStatusCode', location: 'statusCode' as const } } };
  };
  return {
    ...base,
    shapes: {
      ...base.shapes,
      HttpStatusCode: { type: 'integer' },
      GetObjectOutput: withStatus('GetObjectOutput'),
      HeadObjectOutput: withStatus('HeadObjectOutput'),
    },
  };
}

const DEPRECATED_LIFECYCLE = new Set(['PutBucketLifecycle', 'GetBucketLifecycle']);
/** Likewise the deprecated PutBucketNotification/GetBucketNotification share `?notification` with the *Configuration ones. */
const DEPRECATED_NOTIFICATION = new Set(['PutBucketNotification', 'GetBucketNotification']);

function withLifecycle(base: ServiceModel): ServiceModel {
  const operations = Object.fromEntries(
    Object.entries(base.operations).filter(([name]) => !DEPRECATED_LIFECYCLE.has(name) && !DEPRECATED_NOTIFICATION.has(name)),
  );
  operations.PutBucketLifecycleConfiguration = { ...operations.PutBucketLifecycleConfiguration!, requestChecksumRequired: true };
  const rule = base.shapes.LifecycleRule!;
  return {
    ...base,
    operations,
    shapes: {
      ...base.shapes,
      LifecycleRuleStatus: { type: 'string' },
      LifecycleRule: { ...rule, required: [], members: { ...rule.members, Status: { shape: 'LifecycleRuleStatus' } } },
      BucketLifecycleConfiguration: { ...base.shapes.BucketLifecycleConfiguration!, required: [] },
    },
  };
}

export const s3WireModel: ServiceModel = withLifecycle(withPartialStatus(botocoreS3));
