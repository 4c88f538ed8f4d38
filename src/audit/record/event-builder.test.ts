import { describe, it, expect } from 'vitest';
import { ServiceError } from '../../errors/service-error.js';
import { buildEvent, resourceNameOf, type BuildOptions } from './event-builder.js';
import { HIDDEN } from './redaction.js';
import { coralTimestamp } from './parameters.js';
import { ACCOUNT, assumedRole, cloudhsm, iam, iamUser, callRecord, root, s3, sts } from './test-fixtures.js';

const opts: BuildOptions = { accountId: ACCOUNT, defaultRegion: 'us-east-1', now: new Date('2017-07-11T03:50:45.678Z') };

/** The CreateHsm record of the CloudHSM user guide (seeds/000_96a52985342c0c89.txt), verbatim. */
const SEED = {
  eventVersion: '1.05',
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'principal_ID:ExampleSession',
    arn: 'arn:aws:sts::111122223333:assumed-role/AdminRole/ExampleSession',
    accountId: '111122223333',
    accessKeyId: 'access-key-id',
    sessionContext: {
      attributes: { mfaAuthenticated: 'false', creationDate: '2017-07-11T03:48:44Z' },
      sessionIssuer: {
        type: 'Role',
        principalId: 'principal_ID',
        arn: 'arn:aws:iam::111122223333:role/AdminRole',
        accountId: '111122223333',
        userName: 'AdminRole',
      },
    },
  },
  eventTime: '2017-07-11T03:50:45Z',
  eventSource: 'cloudhsm.amazonaws.com',
  eventName: 'CreateHsm',
  awsRegion: 'us-west-2',
  sourceIPAddress: '205.251.233.179',
  userAgent: 'aws-internal/3',
  requestParameters: { availabilityZone: 'us-west-2b', clusterId: 'cluster-fw7mh6mayb5' },
  responseElements: {
    hsm: {
      eniId: 'eni-65338b5a',
      clusterId: 'cluster-fw7mh6mayb5',
      state: 'CREATE_IN_PROGRESS',
      eniIp: '10.0.2.7',
      hsmId: 'hsm-6lz2hfmnzbx',
      subnetId: 'subnet-02c28c4b',
      availabilityZone: 'us-west-2b',
    },
  },
  requestID: '1dae0370-65ec-11e7-a770-6578d63de907',
  eventID: 'b73a5617-8508-4c3d-900d-aa8ac9b31d08',
  eventType: 'AwsApiCall',
  recipientAccountId: '111122223333',
};

/** Fields added after eventVersion 1.05, which the seed predates. */
const NEWER_FIELDS = ['readOnly', 'managementEvent', 'eventCategory'];

describe('buildEvent', () => {
  it('reproduces the user guide CreateHsm record field by field', () => {
    const ctx = callRecord({
      service: cloudhsm,
      region: 'us-west-2',
      principal: assumedRole,
      operation: 'CreateHsm',
      input: { ClusterId: 'cluster-fw7mh6mayb5', AvailabilityZone: 'us-west-2b' },
      output: {
        Hsm: {
          AvailabilityZone: 'us-west-2b',
          ClusterId: 'cluster-fw7mh6mayb5',
          SubnetId: 'subnet-02c28c4b',
          EniId: 'eni-65338b5a',
          EniIp: '10.0.2.7',
          HsmId: 'hsm-6lz2hfmnzbx',
          State: 'CREATE_IN_PROGRESS',
        },
      },
    });
    const { record } = buildEvent(ctx, { ...opts, eventId: SEED.eventID });
    const { eventVersion, ...rest } = record as unknown as Record<string, unknown>;
    for (const f of NEWER_FIELDS) delete rest[f];
    const { eventVersion: _v, ...seed } = SEED;
    expect(rest).toEqual(seed);
    expect(eventVersion).toBe('1.11');
    expect(record).toMatchObject({ readOnly: false, managementEvent: true, eventCategory: 'Management' });
  });

  it('writes an IAM user with its userName and a root user without one', () => {
    const user = buildEvent(callRecord({ service: cloudhsm, principal: iamUser, operation: 'DescribeClusters', input: {} }), opts);
    expect(user.record.userIdentity).toEqual({
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLEUSER00000',
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      accountId: ACCOUNT,
      accessKeyId: 'AKIAEXAMPLEALICE0000',
      userName: 'alice',
    });
    expect(user.lookup.username).toBe('alice');
    const rootEvent = buildEvent(callRecord({ service: cloudhsm, principal: root, operation: 'DescribeClusters', input: {} }), opts);
    expect(rootEvent.record.userIdentity).toEqual({
      type: 'Root',
      principalId: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      accountId: ACCOUNT,
      accessKeyId: 'AKIAEXAMPLEROOT00000',
    });
    expect(rootEvent.lookup.username).toBe('root');
  });

  it('uses the role session name as the LookupEvents username of an assumed role', () => {
    const built = buildEvent(
      callRecord({ service: cloudhsm, principal: assumedRole, operation: 'ListTags', input: { ResourceId: 'cluster-a' } }),
      opts,
    );
    expect(built.lookup).toMatchObject({ username: 'ExampleSession', accessKeyId: 'access-key-id', sourceIp: '205.251.233.179' });
  });

  it('records a read-only call with responseElements null and eventTime at seconds precision', () => {
    const { record } = buildEvent(
      callRecord({
        service: cloudhsm,
        principal: root,
        operation: 'DescribeClusters',
        input: { Filters: { states: ['ACTIVE'] } },
        output: { Clusters: [] },
      }),
      opts,
    );
    expect(record.readOnly).toBe(true);
    expect(record.responseElements).toBeNull();
    expect(record.requestParameters).toEqual({ filters: { states: ['ACTIVE'] } });
    expect(record.eventTime).toBe('2017-07-11T03:50:45Z');
  });

  it('records a failed authentication as an Unknown identity with the claimed key', () => {
    const ctx = callRecord({
      service: cloudhsm,
      region: 'eu-west-1',
      claimedAccessKeyId: 'AKIAEXAMPLEALICE0000',
      req: { method: 'POST', path: '/', query: '', headers: { 'x-amz-target': 'BaldrApiService.DeleteCluster' }, body: Buffer.from('{}') },
      error: new ServiceError(
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided.',
      ),
    });
    // Authentication found the claimed key and named its account (ctx.claimedAccountId).
    const { record, lookup } = buildEvent({ ...ctx, claimedAccountId: ACCOUNT }, opts);
    expect(record.userIdentity).toEqual({ type: 'Unknown', accountId: ACCOUNT, accessKeyId: 'AKIAEXAMPLEALICE0000' });
    expect(record).toMatchObject({
      eventName: 'DeleteCluster',
      awsRegion: 'eu-west-1',
      errorCode: 'InvalidSignatureException',
      requestParameters: null,
      responseElements: null,
      readOnly: false,
    });
    expect(lookup.username).toBeUndefined();
    const unknownKey = buildEvent({ ...ctx, claimedAccessKeyId: 'AKIANOSUCHKEY0000000' }, opts);
    expect(unknownKey.record.userIdentity).toEqual({ type: 'Unknown', accessKeyId: 'AKIANOSUCHKEY0000000' });
  });

  it('names a query-protocol call that failed before parsing by its Action parameter', () => {
    const ctx = callRecord({
      service: sts,
      req: {
        method: 'POST',
        path: '/',
        query: '',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: Buffer.from('Action=GetCallerIdentity&Version=2011-06-15'),
      },
      error: new ServiceError('MissingAuthenticationToken', 'Request is missing Authentication Token', { status: 403 }),
    });
    const { record } = buildEvent(ctx, opts);
    expect(record).toMatchObject({
      eventName: 'GetCallerIdentity',
      eventSource: 'sts.amazonaws.com',
      readOnly: true,
      awsRegion: 'us-east-1',
    });
    expect(record.userIdentity).toEqual({ type: 'Unknown' });
  });

  it('records a validation error with errorCode, errorMessage and the parameters it could read', () => {
    const ctx = callRecord({
      service: cloudhsm,
      principal: iamUser,
      operation: 'CreateHsm',
      input: { ClusterId: 'bogus', AvailabilityZone: 'us-east-1a' },
      error: new ServiceError(
        'ValidationException',
        "1 validation error detected: Value 'bogus' at 'clusterId' failed to satisfy constraint",
      ),
    });
    const { record, lookup } = buildEvent(ctx, opts);
    expect(record.errorCode).toBe('ValidationException');
    expect(record.errorMessage).toMatch(/^1 validation error/);
    expect(record.requestParameters).toEqual({ clusterId: 'bogus', availabilityZone: 'us-east-1a' });
    expect(record.responseElements).toBeNull();
    expect(lookup.errorCode).toBe('ValidationException');
  });

  it('records an access denial and a 5xx with responseElements null even when output exists', () => {
    for (const error of [
      new ServiceError('AccessDenied', 'User is not authorized', { status: 403 }),
      new ServiceError('InternalFailure', 'boom', { status: 500 }),
    ]) {
      const { record } = buildEvent(
        callRecord({
          service: cloudhsm,
          principal: iamUser,
          operation: 'DeleteCluster',
          input: { ClusterId: 'cluster-abc' },
          output: { Cluster: { ClusterId: 'cluster-abc' } },
          error,
        }),
        opts,
      );
      expect(record).toMatchObject({
        errorCode: error.code,
        errorMessage: error.message,
        requestParameters: { clusterId: 'cluster-abc' },
        responseElements: null,
      });
    }
  });

  it('omits errorCode and errorMessage on success', () => {
    const { record } = buildEvent(
      callRecord({
        service: cloudhsm,
        principal: root,
        operation: 'DeleteHsm',
        input: { ClusterId: 'c', HsmId: 'h' },
        output: { HsmId: 'h' },
      }),
      opts,
    );
    expect(record).not.toHaveProperty('errorCode');
    expect(record).not.toHaveProperty('errorMessage');
    expect(record.responseElements).toEqual({ hsmId: 'h' });
  });

  it('lower-camel-cases nested lists of structures and keeps enum values verbatim', () => {
    const { record } = buildEvent(
      callRecord({
        service: cloudhsm,
        principal: root,
        operation: 'TagResource',
        input: { ResourceId: 'cluster-a', TagList: [{ Key: 'Env', Value: 'PROD' }] },
        output: {},
      }),
      opts,
    );
    expect(record.requestParameters).toEqual({ resourceId: 'cluster-a', tagList: [{ key: 'Env', value: 'PROD' }] });
    expect(record.responseElements).toBeNull();
  });

  it('hides STS session tokens, omits secret keys and renders timestamps as CloudTrail does', () => {
    const expiration = new Date('2019-10-02T23:12:29Z');
    const { record } = buildEvent(
      callRecord({
        service: sts,
        principal: iamUser,
        operation: 'GetSessionToken',
        input: { DurationSeconds: 900 },
        output: { Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'shh', SessionToken: 'token', Expiration: expiration } },
      }),
      opts,
    );
    expect(record.responseElements).toEqual({
      credentials: { accessKeyId: 'ASIAEXAMPLE', sessionToken: HIDDEN, expiration: 'Oct 2, 2019, 11:12:29 PM' },
    });
    expect(JSON.stringify(record)).not.toContain('shh');
  });

  it('records AssumeRole as read-only but keeps its response, with the session token hidden', () => {
    const { record } = buildEvent(
      callRecord({
        service: sts,
        principal: iamUser,
        operation: 'AssumeRole',
        input: { RoleArn: `arn:aws:iam::${ACCOUNT}:role/AdminRole`, RoleSessionName: 's' },
        output: {
          Credentials: { AccessKeyId: 'ASIAX', SecretAccessKey: 'shh', SessionToken: 'tok', Expiration: new Date('2019-10-02T23:12:29Z') },
          AssumedRoleUser: { AssumedRoleId: 'AROA:s', Arn: 'arn' },
        },
      }),
      opts,
    );
    expect(record.readOnly).toBe(true);
    expect(record.requestParameters).toEqual({ roleArn: `arn:aws:iam::${ACCOUNT}:role/AdminRole`, roleSessionName: 's' });
    expect(record.responseElements).toEqual({
      credentials: { accessKeyId: 'ASIAX', sessionToken: HIDDEN, expiration: 'Oct 2, 2019, 11:12:29 PM' },
      assumedRoleUser: { assumedRoleId: 'AROA:s', arn: 'arn' },
    });
  });

  it('omits IAM CreateAccessKey secrets and hides passwords; records IAM in us-east-1', () => {
    const key = buildEvent(
      callRecord({
        service: iam,
        region: 'us-east-1',
        principal: root,
        operation: 'CreateAccessKey',
        input: { UserName: 'alice' },
        output: {
          AccessKey: {
            UserName: 'alice',
            AccessKeyId: 'AKIANEW',
            Status: 'Active',
            SecretAccessKey: 'very-secret',
            CreateDate: new Date('2021-01-19T17:46:53Z'),
          },
        },
      }),
      opts,
    ).record;
    expect(key.responseElements).toEqual({
      accessKey: { userName: 'alice', accessKeyId: 'AKIANEW', status: 'Active', createDate: 'Jan 19, 2021, 5:46:53 PM' },
    });
    expect(key.awsRegion).toBe('us-east-1');
    const login = buildEvent(
      callRecord({ service: iam, principal: root, operation: 'CreateLoginProfile', input: { UserName: 'alice', Password: 'hunter2' } }),
      opts,
    ).record;
    expect(login.requestParameters).toEqual({ userName: 'alice', password: HIDDEN });
  });

  it('never copies blob or stream members (S3 bodies) and classifies object calls as data events', () => {
    const body = { pipe() {} };
    const built = buildEvent(
      callRecord({
        service: s3,
        principal: root,
        operation: 'PutObject',
        input: { Bucket: 'b', Key: 'k/1.txt', Body: body, ContentType: 'text/plain' },
        output: { ETag: '"e"' },
      }),
      opts,
    );
    expect(built.record.requestParameters).toEqual({ bucket: 'b', key: 'k/1.txt', contentType: 'text/plain' });
    expect(built.record).toMatchObject({
      eventCategory: 'Data',
      managementEvent: false,
      resources: [{ ARN: 'arn:aws:s3:::b/k/1.txt', accountId: ACCOUNT, type: 'AWS::S3::Object' }],
    });
    expect(built.lookup.resources).toEqual([{ resourceType: 'AWS::S3::Object', resourceName: 'b/k/1.txt' }]);
  });

  it('adds tlsDetails only for TLS connections and truncates long user agents at 1 KB', () => {
    const tls = { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'localhost' };
    const { record } = buildEvent(
      callRecord({ service: cloudhsm, principal: root, operation: 'DescribeBackups', input: {}, tls, userAgent: 'x'.repeat(5000) }),
      opts,
    );
    expect(record.tlsDetails).toEqual(tls);
    expect(record.userAgent).toHaveLength(1024);
    expect(
      buildEvent(callRecord({ service: cloudhsm, principal: root, operation: 'DescribeBackups', input: {} }), opts).record,
    ).not.toHaveProperty('tlsDetails');
  });

  it('replaces request parameters over 100 KB with an omission marker', () => {
    const { record } = buildEvent(
      callRecord({
        service: cloudhsm,
        principal: root,
        operation: 'PutResourcePolicy',
        input: { ResourceArn: 'arn', Policy: 'p'.repeat(120 * 1024) },
      }),
      opts,
    );
    expect(record.requestParameters).toMatchObject({ omitted: true });
  });
});

describe('helpers', () => {
  it('names resources by their id, S3 by bucket/key', () => {
    expect(resourceNameOf('arn:aws:cloudhsm:us-east-1:111122223333:cluster/cluster-abc')).toBe('cluster-abc');
    expect(resourceNameOf('arn:aws:iam::111122223333:role/path/AdminRole')).toBe('AdminRole');
    expect(resourceNameOf('arn:aws:s3:::bucket/a/b')).toBe('bucket/a/b');
  });

  it('formats midnight and noon in 12-hour form', () => {
    expect(coralTimestamp(new Date('2020-01-05T00:01:02Z'))).toBe('Jan 5, 2020, 12:01:02 AM');
    expect(coralTimestamp(new Date('2020-01-05T12:01:02Z'))).toBe('Jan 5, 2020, 12:01:02 PM');
  });
});
