import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../errors/service-error.js';
import { buildEvent } from './event-builder.js';
import { ACCOUNT, iamUser, callRecord, sts } from './test-fixtures.js';

const opts = { accountId: ACCOUNT, defaultRegion: 'us-east-1', now: new Date('2026-03-01T00:00:00Z') };
const roleArn = `arn:aws:iam::${ACCOUNT}:role/AdminRole`;

describe('lookup resources', () => {
  it("index the record's resources first, then the declared ones, each pair once", () => {
    const service = {
      ...sts,
      audit: {
        resources: () => [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: roleArn }],
        lookupResources: () => [
          { resourceType: 'AWS::IAM::Role', resourceName: 'AdminRole' },
          { resourceName: 'untyped' },
          { resourceName: '' },
        ],
      },
    };
    const built = buildEvent(
      callRecord({ service, principal: iamUser, operation: 'AssumeRole', input: { RoleArn: roleArn }, output: {} }),
      opts,
    );
    expect(built.record.resources).toEqual([{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: roleArn }]);
    expect(built.lookup.resources).toEqual([{ resourceType: 'AWS::IAM::Role', resourceName: 'AdminRole' }, { resourceName: 'untyped' }]);
  });

  it('a declaration that trips over a failed call indexes nothing instead of failing the record', () => {
    const service = {
      ...sts,
      audit: {
        lookupResources: (_op: string, _in: unknown, out: { Credentials: { AccessKeyId: string } }) => [
          { resourceName: out.Credentials.AccessKeyId },
        ],
      },
    };
    const error = new ServiceError('AccessDenied', 'no', { status: 403 });
    const built = buildEvent(callRecord({ service, principal: iamUser, operation: 'AssumeRole', input: {}, error }), opts);
    expect(built.lookup.resources).toEqual([]);
    expect(built.record.errorCode).toBe('AccessDenied');
  });
});
