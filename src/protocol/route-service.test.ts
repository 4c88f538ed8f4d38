import { describe, expect, it } from 'vitest';
import type { HttpRequest } from './http.js';
import { identifyService, virtualHostBucket } from './route-service.js';

const req = (over: Partial<HttpRequest>): HttpRequest => ({ method: 'POST', path: '/', query: '', headers: {}, body: Buffer.alloc(0), ...over });
const auth = (service: string, region = 'eu-west-1') => ({ authorization: `AWS4-HMAC-SHA256 Credential=AKID/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=00` });

describe('identifyService', () => {
  it('trusts the credential scope first', () => {
    expect(identifyService(req({ headers: auth('cloudhsm') }))).toEqual({ service: 'cloudhsmv2', protocol: 'json', region: 'eu-west-1' });
    expect(identifyService(req({ headers: auth('iam', 'us-east-1') }))?.service).toBe('iam');
    expect(identifyService(req({ query: 'X-Amz-Credential=AKID%2F20260101%2Fus-east-2%2Fs3%2Faws4_request' }))).toEqual({ service: 's3', protocol: 'rest-xml', region: 'us-east-2' });
    expect(identifyService(req({ headers: auth('dynamodb') }))).toBeUndefined();
  });

  it('then X-Amz-Target, then the form Action, then S3', () => {
    expect(identifyService(req({ headers: { 'x-amz-target': 'BaldrApiService.CreateCluster' } }))?.service).toBe('cloudhsmv2');
    expect(identifyService(req({ headers: { 'x-amz-target': 'CloudTrail_20131101.LookupEvents' } }))?.service).toBe('cloudtrail');
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect(identifyService(req({ headers: form, body: Buffer.from('Action=AssumeRole&Version=2011-06-15') }))?.service).toBe('sts');
    expect(identifyService(req({ headers: form, body: Buffer.from('Action=CreateUser&Version=2010-05-08') }))?.service).toBe('iam');
    expect(identifyService(req({ method: 'GET', query: 'Action=DescribeVpcs' }))?.service).toBe('ec2');
    expect(identifyService(req({ method: 'PUT', path: '/bucket/key' }))?.service).toBe('s3');
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
