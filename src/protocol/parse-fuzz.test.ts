import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../errors/service-error.js';
import { codecFor } from './codec.js';
import { model as cloudhsmv2 } from './generated/cloudhsmv2.js';
import { model as cloudtrail } from './generated/cloudtrail.js';
import { model as ec2 } from './generated/ec2.js';
import { model as iam } from './generated/iam.js';
import { model as s3 } from './generated/s3.js';
import { model as sqs } from './generated/sqs.js';
import { model as sts } from './generated/sts.js';
import type { HttpRequest } from './http.js';

const models = [cloudhsmv2, cloudtrail, sts, iam, s3, ec2, sqs];

/** Bodies that start out plausible and then get truncated, corrupted or replaced. */
const seeds = [
  '{"ClusterId":"cluster-abcdefghijk","TagList":[{"Key":"a","Value":"b"}]}',
  '{"QueueUrl":"http://h/111122223333/q","MessageBody":"x","MessageAttributes":{"a":{"DataType":"Binary","BinaryValue":"AAE="}}}',
  '{"StartTime":1.5,"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"x"}],"MaxResults":5}',
  'Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::1:role/r&RoleSessionName=s&Tags.member.1.Key=k',
  'Action=ListUsers&Version=2010-05-08&MaxItems=5&Tags.member.99999.Key=x',
  'Action=DescribeVpcs&Filter.1.Name=a&Filter.1.Value.1=b&MaxResults=7',
  '<Delete><Object><Key>a</Key></Object><Quiet>true</Quiet></Delete>',
  '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>e</ETag></Part></CompleteMultipartUpload>',
  '<!DOCTYPE x [<!ENTITY a "aaaa">]><Delete>&a;</Delete>',
];

const body = fc.oneof(
  fc.constantFrom(...seeds).chain((s) => fc.nat(s.length).map((n) => Buffer.from(s.slice(0, n)))),
  fc.constantFrom(...seeds).map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
  fc.json().map((j) => Buffer.from(j)),
  fc.string().map((s) => Buffer.from(s)),
);

const targets = [
  ...Object.keys(cloudhsmv2.operations).map((o) => `BaldrApiService.${o}`),
  'CloudTrail_20131101.LookupEvents',
  'Nope.Nope',
  '',
];
const header = fc.oneof(
  fc.string(),
  fc.constantFrom('application/x-amz-json-1.1', 'application/x-www-form-urlencoded', 'text/xml', '\u0000', 'x'.repeat(10_000)),
);
const query = fc.oneof(
  fc.string(),
  fc.constantFrom(
    'list-type=2&max-keys=-1',
    'uploads',
    'uploadId=&partNumber=x',
    'delete',
    'Action=GetCallerIdentity&Version=2011-06-15',
    '%E0%A4%A',
    'a=%zz&&&=',
    'location&policy&tagging',
  ),
);
const path = fc.oneof(
  fc.constantFrom('/', '/b', '/b/', '/b/k', '/b/a%2Fb/c', '/%zz/k', '//', '/b/%E0%A4%A'),
  fc.string().map((s) => `/${s}`),
);

const request: fc.Arbitrary<HttpRequest> = fc.record({
  method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'PATCH', 'get'),
  path,
  query,
  headers: fc.record(
    {
      'x-amz-target': fc.constantFrom(...targets),
      'content-type': header,
      'x-amz-copy-source': header,
      'content-length': header,
      'x-amz-meta-a': header,
      'if-modified-since': header,
    },
    { requiredKeys: [] },
  ),
  body,
});

describe('parse on hostile input', () => {
  it.each(models.map((m) => [m.metadata.serviceId, m] as const))('%s only ever throws 4xx ServiceErrors', (_name, model) => {
    const codec = codecFor(model);
    fc.assert(
      fc.property(request, fc.option(fc.string(), { nil: undefined }), (req, vhost) => {
        try {
          codec.parse(req, { virtualHostBucket: vhost });
        } catch (e) {
          expect(e).toBeInstanceOf(ServiceError);
          expect((e as ServiceError).status).toBeGreaterThanOrEqual(400);
          expect((e as ServiceError).status).toBeLessThan(500);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
