import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import type { HttpRequest } from '../../src/protocol/http.js';

/**
 * Inputs built to exhaust a recursive parser, decoder or audit walker: each gets its protocol's 4xx, is
 * recorded exactly once under its request id, and the server keeps serving.
 */

type Request = Partial<HttpRequest> & { method: string; path: string };
interface Case {
  name: string;
  signingName: string;
  request: () => Request;
  status: number;
  code: string;
}

const BUCKET = 'pathological';
const arrays = (n: number, inner = '') => '['.repeat(n) + inner + ']'.repeat(n);
const objects = (n: number, key: string, inner: string) => `{"${key}":`.repeat(n) + inner + '}'.repeat(n);
const elements = (n: number, name: string) => `<${name}>`.repeat(n) + `</${name}>`.repeat(n);
const many = (n: number, f: (i: number) => string, sep: string) => Array.from({ length: n }, (_, i) => f(i + 1)).join(sep);

const json = (target: string, body: string): Request => ({
  method: 'POST',
  path: '/',
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
  body: Buffer.from(body),
});
const form = (body: string): Request => ({
  method: 'POST',
  path: '/',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: Buffer.from(body),
});
const s3 = (method: string, query: string, body: string): Request => {
  const buf = Buffer.from(body);
  return {
    method,
    path: `/${BUCKET}`,
    query,
    headers: {
      'x-amz-content-sha256': createHash('sha256').update(buf).digest('hex'),
      'content-md5': createHash('md5').update(buf).digest('base64'),
    },
    body: buf,
  };
};

const policy = (statement: Record<string, unknown>, extra: Record<string, string> = {}): string => {
  const marked = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...statement, DEEP: 0 }] });
  return Object.entries(extra).reduce((doc, [mark, deep]) => doc.replace(`"${mark}"`, deep), marked);
};
const deepCondition = (n: number) =>
  policy({ Action: 's3:GetObject', Resource: '*' }).replace(
    '"DEEP":0',
    `"Condition":{"StringEquals":{"aws:username":${arrays(n, '"x"')}}}`,
  );
const bucketPolicy = (deep: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: 'P', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` }],
  }).replace('"P"', deep);
const iam = (params: string) => form(`Version=2010-05-08&${params}`);
const enc = encodeURIComponent;

const CASES: Case[] = [
  // awsJson1_1
  {
    name: 'a 100k-deep JSON array as the body',
    signingName: 'cloudhsm',
    request: () => json('BaldrApiService.DescribeClusters', arrays(100_000)),
    status: 400,
    code: 'SerializationException',
  },
  {
    name: 'a 100k-deep unknown member',
    signingName: 'cloudhsm',
    request: () => json('BaldrApiService.DescribeClusters', `{"x":${arrays(100_000)}}`),
    status: 400,
    code: 'SerializationException',
  },
  {
    name: '3,000-deep objects in a modelled map',
    signingName: 'cloudhsm',
    request: () => json('BaldrApiService.DescribeClusters', `{"Filters":${objects(3000, 'clusterIds', '["a"]')}}`),
    status: 400,
    code: 'SerializationException',
  },
  {
    name: '20k keys in a modelled map',
    signingName: 'cloudhsm',
    request: () => json('BaldrApiService.DescribeClusters', `{"Filters":{${many(20_000, (i) => `"k${i}":["a"]`, ',')}}}`),
    status: 400,
    code: 'ValidationException',
  },
  {
    name: 'deep advanced event selectors',
    signingName: 'cloudtrail',
    request: () => json('CloudTrail_20131101.PutEventSelectors', `{"TrailName":"t","AdvancedEventSelectors":${arrays(50_000)}}`),
    status: 400,
    code: 'SerializationException',
  },
  // awsQuery
  {
    name: 'a parameter name with 5,000 parts',
    signingName: 'iam',
    request: () => iam(`Action=ListUsers&PathPrefix${'.a'.repeat(5000)}=x`),
    status: 400,
    code: 'InvalidQueryParameter',
  },
  {
    name: 'a 100 KB parameter name',
    signingName: 'sts',
    request: () => form(`Action=GetCallerIdentity&Version=2011-06-15&${'x'.repeat(100_000)}=1`),
    status: 400,
    code: 'InvalidQueryParameter',
  },
  {
    name: 'a 2,500-deep identity policy',
    signingName: 'iam',
    request: () => iam(`Action=CreatePolicy&PolicyName=deep&PolicyDocument=${enc(deepCondition(2500))}`),
    status: 400,
    code: 'MalformedPolicyDocument',
  },
  {
    name: 'a 200-deep trust policy principal',
    signingName: 'iam',
    request: () =>
      iam(
        `Action=CreateRole&RoleName=deep&AssumeRolePolicyDocument=${enc(policy({ Action: 'sts:AssumeRole' }).replace('"DEEP":0', `"Principal":${objects(200, 'AWS', '"*"')}`))}`,
      ),
    status: 400,
    code: 'MalformedPolicyDocument',
  },
  {
    name: '20k list members',
    signingName: 'iam',
    request: () =>
      iam(`Action=CreateUser&UserName=many&${many(20_000, (i) => `Tags.member.${i}.Key=k${i}&Tags.member.${i}.Value=v`, '&')}`),
    status: 400,
    code: 'ValidationError',
  },
  // ec2
  {
    name: 'an EC2 parameter name with 5,000 parts',
    signingName: 'ec2',
    request: () => form(`Action=DescribeVpcs&Version=2016-11-15&Filter${'.1'.repeat(5000)}=x`),
    status: 400,
    code: 'InvalidQueryParameter',
  },
  {
    name: 'a 100 KB EC2 parameter name',
    signingName: 'ec2',
    request: () => form(`Action=DescribeVpcs&Version=2016-11-15&Filter.1.${'N'.repeat(100_000)}=x`),
    status: 400,
    code: 'InvalidQueryParameter',
  },
  // rest-xml
  {
    name: 'a 100k-deep DeleteObjects body',
    signingName: 's3',
    request: () => s3('POST', 'delete=', `<Delete>${elements(100_000, 'Object')}</Delete>`),
    status: 400,
    code: 'MalformedXML',
  },
  {
    name: 'a 3,000-deep tag set',
    signingName: 's3',
    request: () => s3('PUT', 'tagging=', `<Tagging><TagSet>${elements(3000, 'Tag')}</TagSet></Tagging>`),
    status: 400,
    code: 'MalformedXML',
  },
  {
    name: 'a bucket policy 3,000 arrays deep',
    signingName: 's3',
    request: () => s3('PUT', 'policy=', deepCondition(3000).replace('"Action"', '"Principal":"*","Action"')),
    status: 400,
    code: 'MalformedPolicy',
  },
  {
    name: 'a bucket policy principal 5,000 objects deep',
    signingName: 's3',
    request: () => s3('PUT', 'policy=', bucketPolicy(objects(5000, 'AWS', '"*"'))),
    status: 400,
    code: 'MalformedPolicy',
  },
  {
    name: 'a bucket policy with a 100k-deep member',
    signingName: 's3',
    request: () => s3('PUT', 'policy=', `{"Deep":${arrays(100_000)}}`),
    status: 400,
    code: 'MalformedPolicy',
  },
];

describe('pathological inputs', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await gatewayHarness();
    const created = await h.send(await h.sign(s3('PUT', '', ''), 's3'));
    expect(created.status).toBe(200);
  });
  afterAll(() => h.close());

  it.each(CASES)('$signingName: $name → $status $code, one event', async ({ signingName, request, status, code }) => {
    const res = await h.send(await h.sign(request(), signingName));
    expect({ status: res.status, code: errorCode(res.body) }).toEqual({ status, code });
    const requestId = res.headers['x-amzn-requestid'] ?? res.headers['x-amz-request-id'];
    const records = h.recordsFor(requestId!);
    expect(records).toHaveLength(1);
    expect(records[0]!.errorCode).toBe(code);
  });

  it('keeps serving', async () => {
    const res = await h.send(await h.sign(form('Action=GetCallerIdentity&Version=2011-06-15'), 'sts'));
    expect(res.status).toBe(200);
  });
});

function errorCode(body: string): string | undefined {
  if (body.startsWith('{')) return JSON.parse(body).__type;
  return /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
}
