import type {
  CreateTrailRequest,
  CreateTrailResponse,
  DeleteTrailRequest,
  DeleteTrailResponse,
  DescribeTrailsRequest,
  DescribeTrailsResponse,
  GetTrailRequest,
  GetTrailResponse,
  ListTrailsRequest,
  ListTrailsResponse,
  UpdateTrailRequest,
  UpdateTrailResponse,
} from '../../../protocol/generated/cloudtrail.js';
import { forgetTrail } from '../../../audit/trails/forget.js';
import type { TrailRecord } from '../../../audit/trails/trail.js';
import type { BucketCheckResult } from '../../../audit/deliver/bucket-check.js';
import type { CallContext, OperationSpec } from '../../service.js';
import type { CloudTrailServiceDeps } from '../deps.js';
import { TrailErrors } from '../errors.js';
import { findTrail, omitUndefined, toTrail } from './resolve.js';
import { putTags } from './tags.js';
import { assertDeliverable, assertTopicUsable, applySettings, checkDestination } from './trail-settings.js';
import { assertValidTrailName, trailArn } from './trail-names.js';

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
    async execute(input, call, checked) {
      assertValidTrailName(input.Name);
      const arn = trailArn(call.region, call.accountId, input.Name);
      if (await call.tx.trails.get(arn)) throw TrailErrors.alreadyExists(input.Name, call.accountId);
      if ((await call.tx.trails.inRegion(call.accountId, call.region, true)).length >= MAX_TRAILS_PER_REGION) {
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
        originSeq: await call.tx.events.lastSeq(),
        createdAt: call.now.getTime(),
      };
      const trail = applySettings(blank, input);
      assertDeliverable(checked as BucketCheckResult, trail.s3BucketName);
      await assertTopicUsable(deps.topics, call, trail);
      await call.tx.trails.insert(trail);
      if (input.TagsList?.length) await putTags(call.tx, arn, input.TagsList);
      return trailResponse(trail);
    },
  };
}

export function updateTrail(deps: CloudTrailServiceDeps): OperationSpec<UpdateTrailRequest, UpdateTrailResponse, Checked> {
  return {
    async prepare(input, call) {
      if (input.S3BucketName === undefined && input.S3KeyPrefix === undefined) return 'unchanged';
      let current: TrailRecord;
      try {
        current = await call.read((tx) => findTrail({ ...call, tx }, input.Name, 'write'));
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
    async execute(input, call, checked) {
      const current = await findTrail(call, input.Name, 'write');
      const trail = applySettings(current, input);
      if (checked !== 'unchanged') assertDeliverable(checked as BucketCheckResult, trail.s3BucketName);
      if (input.SnsTopicName) await assertTopicUsable(deps.topics, call, trail);
      await call.tx.trails.update(trail);
      return trailResponse(trail);
    },
  };
}

function trailResponse(t: TrailRecord): CreateTrailResponse {
  const { HomeRegion: _home, HasCustomEventSelectors: _c, HasInsightSelectors: _i, ...rest } = toTrail(t);
  return rest;
}

/** Removes the trail with its tags, delivery state, cursors and digest chains; delivered files stay in the bucket. */
export async function deleteTrail(input: DeleteTrailRequest, call: CallContext): Promise<DeleteTrailResponse> {
  const trail = await findTrail(call, input.Name, 'write');
  await forgetTrail(call.tx, trail.arn);
  return {};
}

export async function getTrail(input: GetTrailRequest, call: CallContext): Promise<GetTrailResponse> {
  return { Trail: toTrail(await findTrail(call, input.Name, 'read')) };
}

/** Named trails (names or ARNs; unknown ones are left out), else every trail of the region, shadows by default. */
export async function describeTrails(input: DescribeTrailsRequest, call: CallContext): Promise<DescribeTrailsResponse> {
  const withShadows = input.includeShadowTrails ?? true;
  const trails = await call.tx.trails.inRegion(call.accountId, call.region, withShadows);
  const names = input.trailNameList ?? [];
  const chosen =
    names.length === 0 ? trails : trails.filter((t) => names.some((n) => n === t.arn || (n === t.name && t.homeRegion === call.region)));
  return { trailList: chosen.map(toTrail) };
}

/** Every trail of the account in every region. */
export async function listTrails(_input: ListTrailsRequest, call: CallContext): Promise<ListTrailsResponse> {
  const trails = await call.tx.trails.ofAccount(call.accountId);
  return { Trails: trails.map((t) => omitUndefined({ TrailARN: t.arn, Name: t.name, HomeRegion: t.homeRegion })) };
}
