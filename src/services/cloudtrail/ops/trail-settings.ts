import type { CreateTrailRequest, UpdateTrailRequest } from '../../../protocol/generated/cloudtrail.js';
import type { BucketCheckResult, DeliveryBucketCheck } from '../../../audit/deliver/bucket-check.js';
import { TrailErrors } from '../errors.js';
import { assertValidBucketName, normalizeS3KeyPrefix } from './trail-names.js';
import type { TrailRecord } from '../../../audit/trails/trail.js';
import { trailTopicArn } from '../../../audit/trails/topic.js';
import type { CallContext } from '../../service.js';
import type { TopicCheck } from '../deps.js';

type Settings = Omit<CreateTrailRequest, 'Name' | 'TagsList'>;

/**
 * Applies Create/UpdateTrail members to a trail: omitted members stay, an empty string clears an
 * optional one. Destinations this server cannot serve (CloudWatch Logs, KMS, organizations)
 * are refused with the error AWS gives when the resource is unusable.
 */
export function applySettings(t: TrailRecord, input: Settings | UpdateTrailRequest): TrailRecord {
  const next = { ...t };
  if (input.S3BucketName !== undefined) {
    assertValidBucketName(input.S3BucketName);
    next.s3BucketName = input.S3BucketName;
  }
  if (input.S3KeyPrefix !== undefined) next.s3KeyPrefix = normalizeS3KeyPrefix(input.S3KeyPrefix);
  if (input.SnsTopicName !== undefined) next.snsTopicName = input.SnsTopicName || undefined;
  if (input.CloudWatchLogsLogGroupArn || input.CloudWatchLogsRoleArn) throw TrailErrors.cloudWatchLogsUnavailable();
  if (input.KmsKeyId) throw TrailErrors.kmsNotSupported();
  if (input.IsOrganizationTrail) throw TrailErrors.organizationsNotInUse();
  if (input.IncludeGlobalServiceEvents !== undefined) next.includeGlobalServiceEvents = input.IncludeGlobalServiceEvents;
  if (input.IsMultiRegionTrail !== undefined) next.isMultiRegionTrail = input.IsMultiRegionTrail;
  if (input.EnableLogFileValidation !== undefined) next.logFileValidationEnabled = input.EnableLogFileValidation;
  if (next.isMultiRegionTrail && !next.includeGlobalServiceEvents) {
    throw TrailErrors.parameterCombination('Multi-Region trail must include global service events.');
  }
  return next;
}

/** The bucket check, run in `prepare` (outside the transaction); skipped when the input is already invalid. */
export async function checkDestination(
  check: DeliveryBucketCheck,
  target: { bucket: string; prefix: string | undefined; accountId: string; trailArn: string },
): Promise<BucketCheckResult | 'skipped'> {
  let prefix: string | undefined;
  try {
    assertValidBucketName(target.bucket);
    prefix = normalizeS3KeyPrefix(target.prefix);
  } catch {
    return 'skipped'; // execute reports the invalid member
  }
  return check.check({ ...target, prefix });
}

export function assertDeliverable(result: BucketCheckResult | 'skipped', bucket: string): void {
  if (result === 'NoSuchBucket') throw TrailErrors.bucketDoesNotExist(bucket);
  if (result === 'AccessDenied') throw TrailErrors.insufficientBucketPolicy(bucket);
}

/**
 * SnsTopicName: the topic must exist and its policy let cloudtrail.amazonaws.com SNS:Publish with the trail as
 * aws:SourceArn (CloudTrail User Guide, "Amazon SNS topic policy for CloudTrail").
 */
export async function assertTopicUsable(topics: TopicCheck | undefined, call: CallContext, trail: TrailRecord): Promise<void> {
  const topicArn = trailTopicArn(trail);
  if (!topicArn) return;
  const verdict = topics
    ? await topics.check(call.tx, {
        topicArn,
        servicePrincipal: 'cloudtrail.amazonaws.com',
        sourceArn: trail.arn,
        sourceAccount: trail.accountId,
      })
    : 'NotFound';
  if (verdict !== 'ok') throw TrailErrors.insufficientSnsTopicPolicy();
}
