import { describe, expect, it } from 'vitest';
import type { HttpRequest } from './http.js';
import { identifyService, virtualHostBucket, type ServiceRoute, type UnhostedRoute } from './route-service.js';

const req = (over: Partial<HttpRequest>): HttpRequest => ({
  method: 'POST',
  path: '/',
  query: '',
  headers: {},
  body: Buffer.alloc(0),
  ...over,
});
const auth = (service: string, region = 'eu-west-1') => ({
  authorization: `AWS4-HMAC-SHA256 Credential=AKID/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=00`,
});

const serviceOf = (route: ServiceRoute | UnhostedRoute) => ('service' in route ? route.service : undefined);

describe('identifyService', () => {
  it('trusts the credential scope first', () => {
    expect(identifyService(req({ headers: auth('cloudhsm') }))).toEqual({ service: 'cloudhsmv2', protocol: 'json', region: 'eu-west-1' });
    expect(serviceOf(identifyService(req({ headers: auth('iam', 'us-east-1') })))).toBe('iam');
    expect(identifyService(req({ query: 'X-Amz-Credential=AKID%2F20260101%2Fus-east-2%2Fs3%2Faws4_request' }))).toEqual({
      service: 's3',
      protocol: 'rest-xml',
      region: 'us-east-2',
    });
    expect(identifyService(req({ headers: auth('dynamodb') }))).toEqual({ unhosted: 'dynamodb', protocol: 'json', region: 'eu-west-1' });
  });

  it('then X-Amz-Target, then the form Action, then S3', () => {
    expect(serviceOf(identifyService(req({ headers: { 'x-amz-target': 'BaldrApiService.CreateCluster' } })))).toBe('cloudhsmv2');
    expect(serviceOf(identifyService(req({ headers: { 'x-amz-target': 'CloudTrail_20131101.LookupEvents' } })))).toBe('cloudtrail');
    expect(serviceOf(identifyService(req({ headers: { 'x-amz-target': 'AmazonSQS.SendMessage' } })))).toBe('sqs');
    expect(serviceOf(identifyService(req({ headers: auth('sqs') })))).toBe('sqs');
    expect(serviceOf(identifyService(req({ headers: auth('sns') })))).toBe('sns');
    expect(serviceOf(identifyService(req({ headers: auth('events') })))).toBe('events');
    expect(serviceOf(identifyService(req({ headers: { 'x-amz-target': 'AWSEvents.PutRule' } })))).toBe('events');
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect(serviceOf(identifyService(req({ headers: form, body: Buffer.from('Action=AssumeRole&Version=2011-06-15') })))).toBe('sts');
    expect(serviceOf(identifyService(req({ headers: form, body: Buffer.from('Action=CreateUser&Version=2010-05-08') })))).toBe('iam');
    expect(serviceOf(identifyService(req({ method: 'GET', query: 'Action=DescribeVpcs' })))).toBe('ec2');
    expect(serviceOf(identifyService(req({ method: 'PUT', path: '/bucket/key' })))).toBe('s3');
  });
});

describe('identifyService: unhosted services and malformed scopes', () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  it('names the unhosted service and the protocol its client reads', () => {
    // SNS is hosted now; CloudFormation is another awsQuery service.
    expect(identifyService(req({ headers: { ...auth('cloudformation'), ...form } }))).toEqual({
      unhosted: 'cloudformation',
      protocol: 'query',
      region: 'eu-west-1',
    });
    expect(identifyService(req({ headers: { ...auth('kms'), 'x-amz-target': 'TrentService.ListKeys' } }))).toMatchObject({
      unhosted: 'kms',
      protocol: 'json',
    });
    expect(identifyService(req({ method: 'GET', path: '/2015-03-31/functions', headers: auth('lambda') }))).toMatchObject({
      unhosted: 'lambda',
      protocol: 'json',
    });
    expect(identifyService(req({ headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables' } }))).toEqual({
      unhosted: 'DynamoDB_20120810',
      protocol: 'json',
    });
  });

  it('routes a malformed credential scope by the other evidence', () => {
    const malformed = (credential: string) => ({
      authorization: `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host, Signature=00`,
    });
    const target = { 'x-amz-target': 'BaldrApiService.DescribeClusters' };
    expect(identifyService(req({ headers: { ...malformed('AKID/20260101/us-east-1/cloudhsm/aws4_request/x'), ...target } }))).toMatchObject(
      { service: 'cloudhsmv2' },
    );
    expect(identifyService(req({ headers: { ...malformed('AKID/20260101/us-east-1//aws4_request'), ...target } }))).toMatchObject({
      service: 'cloudhsmv2',
    });
    expect(identifyService(req({ method: 'GET', path: '/b', headers: malformed('AKID/20260101/us-east-1') }))).toMatchObject({
      service: 's3',
    });
  });
});

describe('virtualHostBucket', () => {
  it.each([
    ['my-bucket.localhost:4599', 'my-bucket'],
    ['my.dotted.bucket.s3.localhost', 'my.dotted.bucket'],
    ['logs.s3.us-west-2.amazonaws.com', 'logs'],
    ['logs.s3.amazonaws.com', 'logs'],
    ['localhost:4599', undefined],
    ['s3.localhost', undefined],
    ['127.0.0.1:4599', undefined],
  ])('%s → %s', (host, bucket) => expect(virtualHostBucket(host)).toBe(bucket));
});
