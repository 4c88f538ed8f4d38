import {
  CreateUserCommand,
  GetAccessKeyLastUsedCommand,
  IAMClient,
  ListUsersCommand,
  PutUserPolicyCommand,
  TagRoleCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../errors/service-error.js';
import { codecFor } from '../codec.js';
import { model as iam } from '../generated/iam.js';
import { model as sts } from '../generated/sts.js';
import type { HttpRequest } from '../http.js';
import { captureHandler, captureRequest, replyWith, sdkConfig } from '../testing/sdk-oracle.js';

const iamCodec = codecFor(iam);
const stsCodec = codecFor(sts);
const iamClient = new IAMClient({ ...sdkConfig, requestHandler: captureHandler as never });
const stsClient = new STSClient({ ...sdkConfig, requestHandler: captureHandler as never });

const form = (body: string): HttpRequest => ({
  method: 'POST',
  path: '/',
  query: '',
  headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  body: Buffer.from(body),
});

function failure(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ServiceError) return e;
    throw e;
  }
  throw new Error('expected a ServiceError');
}

describe('query parse against the SDK', () => {
  it('STS AssumeRole with lists of structures, tags and numbers', async () => {
    const input = {
      RoleArn: 'arn:aws:iam::111122223333:role/Admin',
      RoleSessionName: 'alice',
      DurationSeconds: 900,
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, { arn: 'arn:aws:iam::111122223333:policy/x' }],
      Tags: [{ Key: 'team', Value: 'a b+c=d:é' }],
      TransitiveTagKeys: ['team'],
      Policy: '{"Version":"2012-10-17"}',
    };
    const parsed = stsCodec.parse(await captureRequest(stsClient, new AssumeRoleCommand(input)));
    expect(parsed).toEqual({ operation: 'AssumeRole', input });
  });

  it.each([
    ['CreateUser', new CreateUserCommand({ UserName: 'alice', Path: '/eng/', Tags: [{ Key: 'k', Value: 'v' }] })],
    ['ListUsers', new ListUsersCommand({ PathPrefix: '/', MaxItems: 10, Marker: 'm' })],
    [
      'PutUserPolicy',
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'p',
        PolicyDocument: '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
      }),
    ],
    [
      'TagRole',
      new TagRoleCommand({
        RoleName: 'r',
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '' },
        ],
      }),
    ],
    ['GetAccessKeyLastUsed', new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' })],
  ])('IAM %s', async (name, command) => {
    const parsed = iamCodec.parse(await captureRequest(iamClient, command));
    expect(parsed).toEqual({ operation: name, input: command.input });
  });

  it('reads parameters from a GET query string too', () => {
    const req = { ...form(''), method: 'GET', query: 'Action=GetCallerIdentity&Version=2011-06-15' };
    expect(stsCodec.parse(req)).toEqual({ operation: 'GetCallerIdentity', input: {} });
  });
});

describe('query rejects bad input the way IAM and STS do', () => {
  it('missing required members → ValidationError, Coral wording', () => {
    const err = failure(() => iamCodec.parse(form('Action=CreateUser&Version=2010-05-08')));
    expect(err.code).toBe('ValidationError');
    expect(err.message).toBe("1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null");
  });

  it('unknown Action → InvalidAction; wrong or missing Version → InvalidAction naming the version', () => {
    expect(failure(() => iamCodec.parse(form('Action=Nope&Version=2010-05-08'))).message).toBe(
      'The action Nope is not valid for this web service.',
    );
    expect(failure(() => iamCodec.parse(form('Action=ListUsers'))).message).toBe(
      'Could not find operation ListUsers for version NO_VERSION_SPECIFIED',
    );
    expect(failure(() => iamCodec.parse(form('Version=2010-05-08'))).code).toBe('MissingAction');
  });

  it('non-numeric integers and out-of-range values', () => {
    expect(failure(() => iamCodec.parse(form('Action=ListUsers&Version=2010-05-08&MaxItems=abc'))).code).toBe('ValidationError');
    const err = failure(() => iamCodec.parse(form('Action=ListUsers&Version=2010-05-08&MaxItems=0')));
    expect(err.message).toContain(
      "Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });
});

describe('query serialize, decoded by the SDK', () => {
  it('STS GetCallerIdentity', async () => {
    const out = { UserId: 'AIDAEXAMPLE', Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/alice' };
    const res = stsCodec.serialize('GetCallerIdentity', out, { requestId: 'rid-1' });
    expect(res.body.toString()).toContain('<GetCallerIdentityResult><UserId>AIDAEXAMPLE</UserId>');
    const got = await new STSClient({ ...sdkConfig, requestHandler: replyWith(res) as never }).send(new GetCallerIdentityCommand({}));
    expect(got).toMatchObject({ ...out, $metadata: { requestId: 'rid-1' } });
  });

  it('IAM ListUsers with lists, timestamps, booleans and tags', async () => {
    const users = [
      {
        Path: '/',
        UserName: 'alice',
        UserId: 'AIDA1',
        Arn: 'arn:aws:iam::1:user/alice',
        CreateDate: new Date('2026-01-02T03:04:05Z'),
        Tags: [{ Key: 'k', Value: '<&>' }],
      },
      { Path: '/', UserName: 'bob', UserId: 'AIDA2', Arn: 'arn:aws:iam::1:user/bob', CreateDate: new Date('2026-02-02T03:04:05.120Z') },
    ];
    const res = iamCodec.serialize('ListUsers', { Users: users, IsTruncated: false }, { requestId: 'rid-2' });
    const got = await new IAMClient({ ...sdkConfig, requestHandler: replyWith(res) as never }).send(new ListUsersCommand({}));
    expect(got.Users).toEqual(users);
    expect(got.IsTruncated).toBe(false);
  });

  it('operations without output answer with ResponseMetadata only', async () => {
    const res = iamCodec.serialize('PutUserPolicy', undefined, { requestId: 'rid-3' });
    expect(res.body.toString()).toBe(
      '<PutUserPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>rid-3</RequestId></ResponseMetadata></PutUserPolicyResponse>',
    );
  });

  it('errors honour awsQueryError overrides and reach the SDK by name', async () => {
    const res = iamCodec.serializeError(new ServiceError('NoSuchEntityException', 'The user with name bob cannot be found.'), {
      requestId: 'rid-4',
    });
    expect(res.status).toBe(404);
    expect(res.body.toString()).toContain('<Type>Sender</Type><Code>NoSuchEntity</Code>');
    const client = new IAMClient({ ...sdkConfig, requestHandler: replyWith(res) as never });
    const e = await client.send(new ListUsersCommand({})).catch((x) => x);
    expect(e.name).toBe('NoSuchEntityException');
    expect(e.message).toBe('The user with name bob cannot be found.');
    expect(e.$metadata.requestId).toBe('rid-4');
  });
});
