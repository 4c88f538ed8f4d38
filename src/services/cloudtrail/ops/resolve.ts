import type { Trail } from '../../../protocol/generated/cloudtrail.js';
import type { CallContext } from '../../service.js';
import { TrailErrors } from '../errors.js';
import { assertValidTrailName, parseTrailArnOrName, trailArn } from './trail-names.js';
import type { TrailRecord } from '../../../audit/trails/trail.js';
import { trailTopicArn, trailTopicName } from '../../../audit/trails/topic.js';

/**
 * Finds the trail a `Name`/`TrailName` member means in the caller's region: a name finds trails homed
 * here; an ARN also finds a multi-region trail's shadow, which only reads may use.
 */
export async function findTrail(call: CallContext, nameOrArn: string, mode: 'read' | 'write'): Promise<TrailRecord> {
  const parsed = parseTrailArnOrName(nameOrArn);
  if (!parsed) assertValidTrailName(nameOrArn);
  const arn = parsed ? nameOrArn : trailArn(call.region, call.accountId, nameOrArn);
  const trail = parsed && parsed.accountId !== call.accountId ? undefined : await call.tx.trails.get(arn);
  if (!trail || (trail.homeRegion !== call.region && !trail.isMultiRegionTrail)) throw TrailErrors.notFound(nameOrArn, call.accountId);
  if (mode === 'write' && trail.homeRegion !== call.region) throw TrailErrors.homeRegion(trail.arn, call.region);
  return trail;
}

/** The resource ARN a Name/TrailName member refers to, for authorization (no lookup). */
export function trailArnFor(call: Pick<CallContext, 'region' | 'accountId'>, nameOrArn: string | undefined): string {
  if (!nameOrArn) return '*';
  return nameOrArn.startsWith('arn:') ? nameOrArn : trailArn(call.region, call.accountId, nameOrArn);
}

/** The `Trail` shape of DescribeTrails/GetTrail; absent members omitted. */
export function toTrail(t: TrailRecord): Trail {
  return omitUndefined({
    Name: t.name,
    S3BucketName: t.s3BucketName,
    S3KeyPrefix: t.s3KeyPrefix,
    SnsTopicName: trailTopicName(t),
    SnsTopicARN: trailTopicArn(t),
    IncludeGlobalServiceEvents: t.includeGlobalServiceEvents,
    IsMultiRegionTrail: t.isMultiRegionTrail,
    HomeRegion: t.homeRegion,
    TrailARN: t.arn,
    LogFileValidationEnabled: t.logFileValidationEnabled,
    CloudWatchLogsLogGroupArn: t.cloudWatchLogsLogGroupArn,
    CloudWatchLogsRoleArn: t.cloudWatchLogsRoleArn,
    KmsKeyId: t.kmsKeyId,
    HasCustomEventSelectors: t.selectors !== null,
    HasInsightSelectors: false,
    IsOrganizationTrail: t.isOrganizationTrail,
  });
}

export function omitUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
