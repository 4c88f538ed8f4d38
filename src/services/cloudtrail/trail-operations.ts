import type {
  CreateTrailRequest,
  CreateTrailResponse,
  DescribeTrailsRequest,
  ListTrailsRequest,
  UpdateTrailRequest,
} from '../../protocol/generated/cloudtrail.js';
import type { BucketCheckResult } from '../../audit/deliver/bucket-check.js';
import type { CallContext, OperationSpec } from '../service.js';
import type { CloudTrailServiceDeps } from './deps.js';
import { TrailErrors } from './errors.js';
import { findTrail, omitUndefined, toTrail } from './resolve.js';
import { putTags } from './tag-operations.js';
import { assertDeliverable, applySettings, checkDestination } from './trail-settings.js';
import { assertValidTrailName, trailArn } from './trail-names.js';
import { trailStore, type TrailRecord } from './trail-store.js';

const MAX_TRAILS_PER_REGION = 5;
type Checked = BucketCheckResult | 'skipped' | 'unchanged';

export function createTrail(deps: CloudTrailServiceDeps): OperationSpec<CreateTrailRequest, CreateTrailResponse, Checked> {
  return {
    prepare: (input, call) =>
      checkDestination(deps.bucketCheck, {
        bucket: input.S3BucketName,
        prefix: input.S3KeyPrefix,
        accountId: call.accountId,
        trailArn: trailArn(call.region, call.accountId, input.Name),
      }),
    execute(input, call, checked) {
      assertValidTrailName(input.Name);
      const arn = trailArn(call.region, call.accountId, input.Name);
      if (trailStore.get(call.db, arn)) throw TrailErrors.alreadyExists(input.Name, call.accountId);
      if (trailStore.inRegion(call.db, call.accountId, call.region, true).length >= MAX_TRAILS_PER_REGION) {
        throw TrailErrors.maxTrails(call.accountId, call.region);
      }
      const blank: TrailRecord = {
        arn,
        accountId: call.accountId,
        name: input.Name,
        homeRegion: call.region,
        s3BucketName: '',
        includeGlobalServiceEvents: true,
        isMultiRegionTrail: false,
        logFileValidationEnabled: false,
        isOrganizationTrail: false,
        selectors: null,
        isLogging: false,
        originSeq: deps.eventLog?.lastSeq() ?? 0,
        createdAt: call.now.getTime(),
      };
      const trail = applySettings(blank, input);
      assertDeliverable(checked as BucketCheckResult, trail.s3BucketName);
      trailStore.insert(call.db, trail);
      if (input.TagsList?.length) putTags(call.db, arn, input.TagsList);
      return trailResponse(trail);
    },
  };
}

export function updateTrail(deps: CloudTrailServiceDeps): OperationSpec<UpdateTrailRequest, CreateTrailResponse, Checked> {
  return {
    async prepare(input, call) {
      if (input.S3BucketName === undefined && input.S3KeyPrefix === undefined) return 'unchanged';
      let current: TrailRecord;
      try {
        current = findTrail(call, input.Name, 'write');
      } catch {
        return 'skipped'; // execute reports it
      }
      return checkDestination(deps.bucketCheck, {
        bucket: input.S3BucketName ?? current.s3BucketName,
        prefix: input.S3KeyPrefix ?? current.s3KeyPrefix,
        accountId: call.accountId,
        trailArn: current.arn,
      });
    },
    execute(input, call, checked) {
      const current = findTrail(call, input.Name, 'write');
      const trail = applySettings(current, input);
      if (checked !== 'unchanged') assertDeliverable(checked as BucketCheckResult, trail.s3BucketName);
      trailStore.update(call.db, trail);
      return trailResponse(trail);
    },
  };
}

function trailResponse(t: TrailRecord): CreateTrailResponse {
  const { HomeRegion: _home, HasCustomEventSelectors: _c, HasInsightSelectors: _i, ...rest } = toTrail(t);
  return rest;
}

export function deleteTrail(input: { Name: string }, call: CallContext): Record<string, never> {
  const trail = findTrail(call, input.Name, 'write');
  trailStore.delete(call.db, trail.arn);
  return {};
}

export function getTrail(input: { Name: string }, call: CallContext) {
  return { Trail: toTrail(findTrail(call, input.Name, 'read')) };
}

/** Named trails (names or ARNs; unknown ones are left out), else every trail of the region, shadows by default. */
export function describeTrails(input: DescribeTrailsRequest, call: CallContext) {
  const withShadows = input.includeShadowTrails ?? true;
  const trails = trailStore.inRegion(call.db, call.accountId, call.region, withShadows);
  const names = input.trailNameList ?? [];
  const chosen =
    names.length === 0 ? trails : trails.filter((t) => names.some((n) => n === t.arn || (n === t.name && t.homeRegion === call.region)));
  return { trailList: chosen.map(toTrail) };
}

/** Every trail of the account in every region. */
export function listTrails(_input: ListTrailsRequest, call: CallContext) {
  return {
    Trails: trailStore
      .ofAccount(call.db, call.accountId)
      .map((t) => omitUndefined({ TrailARN: t.arn, Name: t.name, HomeRegion: t.homeRegion })),
  };
}
