import { describe, expect, it } from 'vitest';
import { ACCOUNT, harness } from '../../audit/deliver/test-support.js';
import { publicKeyFingerprint } from '../../audit/digest/signing-key.js';
import { policyAllowsDelivery } from '../../audit/deliver/bucket-check.js';

const ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
const fail = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: { code: string; message: string }) => e,
  );

describe('CloudTrail trails', () => {
  it('creates a trail with AWS defaults, not logging, and reads it back', async () => {
    const h = harness();
    const out = await h.call('CreateTrail', { Name: 'main', S3BucketName: 'logs', S3KeyPrefix: 'audit/' });
    expect(out).toEqual({
      Name: 'main',
      S3BucketName: 'logs',
      S3KeyPrefix: 'audit',
      IncludeGlobalServiceEvents: true,
      IsMultiRegionTrail: false,
      TrailARN: ARN,
      LogFileValidationEnabled: false,
      IsOrganizationTrail: false,
    });
    expect((await h.call('GetTrail', { Name: ARN })).Trail).toMatchObject({ HomeRegion: 'us-east-1', HasCustomEventSelectors: false });
    expect((await h.call('GetTrailStatus', { Name: 'main' })).IsLogging).toBe(false);
    expect(await h.call('ListTrails', {})).toEqual({ Trails: [{ TrailARN: ARN, Name: 'main', HomeRegion: 'us-east-1' }] });
  });

  it('rejects bad names, duplicates, missing buckets, refused policies and bad combinations with AWS messages', async () => {
    const h = harness();
    expect(await fail(h.call('CreateTrail', { Name: 'ab', S3BucketName: 'logs' }))).toMatchObject({
      code: 'InvalidTrailNameException',
      message: 'Trail name too short. Minimum allowed length: 3 characters. Specified name length: 2 characters.',
    });
    expect((await fail(h.call('CreateTrail', { Name: '-abc', S3BucketName: 'logs' }))).message).toBe(
      'Trail name must starts with a letter or number.',
    );
    expect((await fail(h.call('CreateTrail', { Name: 'a b c', S3BucketName: 'logs' }))).code).toBe('InvalidTrailNameException');
    expect(await fail(h.call('CreateTrail', { Name: 'main', S3BucketName: 'nope' }))).toMatchObject({
      code: 'S3BucketDoesNotExistException',
    });
    h.bucketCheck.verdicts.set('logs', 'AccessDenied');
    expect(await fail(h.call('CreateTrail', { Name: 'main', S3BucketName: 'logs' }))).toMatchObject({
      code: 'InsufficientS3BucketPolicyException',
      message: 'Incorrect S3 bucket policy is detected for bucket: logs',
    });
    h.bucketCheck.verdicts.clear();
    expect(
      (
        await fail(
          h.call('CreateTrail', { Name: 'main', S3BucketName: 'logs', IsMultiRegionTrail: true, IncludeGlobalServiceEvents: false }),
        )
      ).code,
    ).toBe('InvalidParameterCombinationException');
    expect((await fail(h.call('CreateTrail', { Name: 'main', S3BucketName: 'logs', S3KeyPrefix: 'x'.repeat(201) }))).code).toBe(
      'InvalidS3PrefixException',
    );
    await h.call('CreateTrail', { Name: 'main', S3BucketName: 'logs' });
    expect(await fail(h.call('CreateTrail', { Name: 'main', S3BucketName: 'logs' }))).toMatchObject({
      code: 'TrailAlreadyExistsException',
      message: `Trail main already exists for customer: ${ACCOUNT}`,
    });
    expect(await fail(h.call('GetTrail', { Name: 'other' }))).toMatchObject({
      code: 'TrailNotFoundException',
      message: `Unknown trail: other for the user: ${ACCOUNT}`,
    });
    for (const n of ['t2', 't3', 't4', 't5'].map((s) => `trail-${s}`)) await h.call('CreateTrail', { Name: n, S3BucketName: 'logs' });
    expect((await fail(h.call('CreateTrail', { Name: 'sixth', S3BucketName: 'logs' }))).code).toBe(
      'MaximumNumberOfTrailsExceededException',
    );
  });

  it('updates, shows shadow trails in other regions, refuses writes outside the home region, and deletes', async () => {
    const h = harness();
    await h.call('CreateTrail', { Name: 'main', S3BucketName: 'logs', S3KeyPrefix: 'p' });
    const updated = await h.call('UpdateTrail', { Name: 'main', IsMultiRegionTrail: true, EnableLogFileValidation: true, S3KeyPrefix: '' });
    expect(updated).toMatchObject({ IsMultiRegionTrail: true, LogFileValidationEnabled: true });
    expect(updated.S3KeyPrefix).toBeUndefined();
    const elsewhere = { region: 'eu-west-1' };
    expect((await h.call('DescribeTrails', {}, elsewhere)).trailList.map((t: { TrailARN: string }) => t.TrailARN)).toEqual([ARN]);
    expect((await h.call('DescribeTrails', { includeShadowTrails: false }, elsewhere)).trailList).toEqual([]);
    expect((await h.call('DescribeTrails', { trailNameList: ['main'] }, elsewhere)).trailList).toEqual([]);
    expect((await h.call('GetTrailStatus', { Name: ARN }, elsewhere)).IsLogging).toBe(false);
    expect((await fail(h.call('GetTrail', { Name: 'main' }, elsewhere))).code).toBe('TrailNotFoundException');
    expect((await fail(h.call('StartLogging', { Name: ARN }, elsewhere))).code).toBe('InvalidHomeRegionException');
    expect((await fail(h.call('UpdateTrail', { Name: 'main', S3BucketName: 'missing' }))).code).toBe('S3BucketDoesNotExistException');
    await h.call('DeleteTrail', { Name: ARN });
    expect((await h.call('DescribeTrails', {})).trailList).toEqual([]);
    expect((await fail(h.call('DeleteTrail', { Name: 'main' }))).code).toBe('TrailNotFoundException');
  });

  it('starts and stops logging with times in GetTrailStatus', async () => {
    const h = harness();
    await h.call('CreateTrail', { Name: 'main', S3BucketName: 'logs' });
    await h.call('StartLogging', { Name: 'main' });
    let status = await h.call('GetTrailStatus', { Name: 'main' });
    expect(status).toMatchObject({
      IsLogging: true,
      StartLoggingTime: h.clock.now(),
      TimeLoggingStarted: '2026-03-07T09:00:00Z',
      TimeLoggingStopped: '',
    });
    h.clock.advance(60_000);
    await h.call('StopLogging', { Name: 'main' });
    status = await h.call('GetTrailStatus', { Name: 'main' });
    expect(status).toMatchObject({ IsLogging: false, StopLoggingTime: h.clock.now(), TimeLoggingStopped: '2026-03-07T09:01:00Z' });
  });
});

describe('CloudTrail event selectors', () => {
  it('returns the default, stores basic or advanced selectors, and validates them', async () => {
    const h = harness();
    await h.call('CreateTrail', { Name: 'main', S3BucketName: 'logs' });
    expect(await h.call('GetEventSelectors', { TrailName: 'main' })).toEqual({
      TrailARN: ARN,
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }],
    });
    const advanced = [
      {
        Name: 'writes',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Management'] },
          { Field: 'readOnly', Equals: ['false'] },
        ],
      },
    ];
    expect(await h.call('PutEventSelectors', { TrailName: 'main', AdvancedEventSelectors: advanced })).toEqual({
      TrailARN: ARN,
      AdvancedEventSelectors: advanced,
    });
    expect(await h.call('GetEventSelectors', { TrailName: ARN })).toEqual({ TrailARN: ARN, AdvancedEventSelectors: advanced });
    expect((await h.call('GetTrail', { Name: 'main' })).Trail.HasCustomEventSelectors).toBe(true);
    const bad = [
      { EventSelectors: [], AdvancedEventSelectors: advanced },
      { EventSelectors: [{ ExcludeManagementEventSources: ['ec2.amazonaws.com'] }] },
      { EventSelectors: [{ DataResources: [{ Type: 'AWS::EC2::Instance', Values: [] }] }] },
      { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'readOnly', StartsWith: ['t'] }] }] },
      { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventName', Equals: ['X'] }] }] },
    ];
    for (const input of bad)
      expect((await fail(h.call('PutEventSelectors', { TrailName: 'main', ...input }))).code).toBe('InvalidEventSelectorsException');
  });
});

describe('CloudTrail tags and public keys', () => {
  it('adds, lists and removes tags on trails', async () => {
    const h = harness();
    await h.call('CreateTrail', { Name: 'main', S3BucketName: 'logs', TagsList: [{ Key: 'team', Value: 'sec' }] });
    await h.call('AddTags', { ResourceId: ARN, TagsList: [{ Key: 'env', Value: 'dev' }] });
    expect(await h.call('ListTags', { ResourceIdList: [ARN] })).toEqual({
      ResourceTagList: [
        {
          ResourceId: ARN,
          TagsList: [
            { Key: 'env', Value: 'dev' },
            { Key: 'team', Value: 'sec' },
          ],
        },
      ],
    });
    await h.call('RemoveTags', { ResourceId: ARN, TagsList: [{ Key: 'team' }, { Key: 'env', Value: 'other' }] });
    expect((await h.call('ListTags', { ResourceIdList: [ARN] })).ResourceTagList[0].TagsList).toEqual([{ Key: 'env', Value: 'dev' }]);
    expect((await fail(h.call('AddTags', { ResourceId: 'main', TagsList: [] }))).code).toBe('CloudTrailARNInvalidException');
    expect((await fail(h.call('AddTags', { ResourceId: `${ARN}x`, TagsList: [] }))).code).toBe('ResourceNotFoundException');
    const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect((await fail(h.call('AddTags', { ResourceId: ARN, TagsList: many }))).code).toBe('TagsLimitExceededException');
  });

  it('lists the region’s keys with windows and fingerprints, rotating by validity', async () => {
    const h = harness(Date.parse('2026-03-07T09:00:00Z'), 3600_000);
    const first = await h.call('ListPublicKeys', {});
    expect(first.PublicKeyList).toHaveLength(1);
    const [k] = first.PublicKeyList;
    expect(Buffer.from(k.Value).toString('base64').startsWith('MIIBCgKCAQEA')).toBe(true);
    expect(k.Fingerprint).toBe(publicKeyFingerprint(Buffer.from(k.Value)));
    expect(k.ValidityEndTime.getTime() - k.ValidityStartTime.getTime()).toBe(3600_000);
    h.clock.advance(2 * 3600_000);
    const all = await h.call('ListPublicKeys', { StartTime: new Date(h.clock.ms - 3 * 3600_000), EndTime: h.clock.now() });
    expect(all.PublicKeyList.map((x: { Fingerprint: string }) => x.Fingerprint)).toContain(k.Fingerprint);
    expect(all.PublicKeyList).toHaveLength(2);
    expect((await h.call('ListPublicKeys', {}, { region: 'eu-west-1' })).PublicKeyList[0].Fingerprint).not.toBe(k.Fingerprint);
    expect((await fail(h.call('ListPublicKeys', { StartTime: h.clock.now(), EndTime: new Date(0) }))).code).toBe(
      'InvalidTimeRangeException',
    );
  });

  it('delegates LookupEvents to event history in the caller’s region', async () => {
    const h = harness();
    const id = h.record({ region: 'us-east-1', eventName: 'CreateCluster', readOnly: false });
    h.record({ region: 'eu-west-1' });
    const out = await h.call('LookupEvents', { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateCluster' }] });
    expect(out.Events.map((e: { EventId: string }) => e.EventId)).toEqual([id]);
  });

  it('authorizes cloudtrail:<Op> on the trail ARN and marks reads read-only', () => {
    const h = harness();
    const call = { region: 'us-east-1', accountId: ACCOUNT } as never;
    expect(h.service.authorize!('StartLogging', { Name: 'main' }, call)).toEqual([{ action: 'cloudtrail:StartLogging', resource: ARN }]);
    expect(h.service.authorize!('DescribeTrails', {}, call)).toEqual([{ action: 'cloudtrail:DescribeTrails', resource: '*' }]);
    expect(h.service.audit!.readOnly!('LookupEvents')).toBe(true);
    expect(h.service.audit!.readOnly!('CreateTrail')).toBe(false);
  });
});

describe('bucket policy check', () => {
  const target = { bucket: 'logs', prefix: 'p', accountId: ACCOUNT, trailArn: ARN };
  const policy = (resource: string, condition: object = { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } }) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: 'arn:aws:s3:::logs' },
        {
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: resource,
          Condition: condition,
        },
      ],
    });

  it('accepts AWS’s standard policy and refuses narrower ones', () => {
    expect(policyAllowsDelivery(policy(`arn:aws:s3:::logs/p/AWSLogs/${ACCOUNT}/*`), target)).toBe(true);
    expect(policyAllowsDelivery(policy(`arn:aws:s3:::logs/AWSLogs/${ACCOUNT}/*`), target)).toBe(false);
    expect(policyAllowsDelivery(policy(`arn:aws:s3:::logs/p/AWSLogs/${ACCOUNT}/CloudTrail/*`), target)).toBe(false);
    expect(
      policyAllowsDelivery(policy(`arn:aws:s3:::logs/p/AWSLogs/${ACCOUNT}/*`, { StringEquals: { 's3:x-amz-acl': 'private' } }), target),
    ).toBe(false);
    expect(
      policyAllowsDelivery(
        policy(`arn:aws:s3:::logs/p/AWSLogs/${ACCOUNT}/*`, { StringEquals: { 'aws:SourceArn': `${ARN}-other` } }),
        target,
      ),
    ).toBe(false);
    expect(policyAllowsDelivery('not json', target)).toBe(false);
  });
});
