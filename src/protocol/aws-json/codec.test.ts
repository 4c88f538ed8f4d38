import {
  CloudHSMV2Client,
  CreateClusterCommand,
  DescribeBackupsCommand,
  DescribeClustersCommand,
  TagResourceCommand,
} from '@aws-sdk/client-cloudhsm-v2';
import { CloudTrailClient, LookupEventsCommand, PutEventSelectorsCommand } from '@aws-sdk/client-cloudtrail';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../errors/service-error.js';
import { codecFor } from '../codec.js';
import { model as hsm } from '../generated/cloudhsmv2.js';
import { model as trail } from '../generated/cloudtrail.js';
import type { HttpRequest } from '../http.js';
import { captureHandler, captureRequest, normalize, replyWith, sdkConfig } from '../testing/sdk-oracle.js';

const hsmCodec = codecFor(hsm);
const trailCodec = codecFor(trail);
const hsmClient = new CloudHSMV2Client({ ...sdkConfig, requestHandler: captureHandler as never });
const trailClient = new CloudTrailClient({ ...sdkConfig, requestHandler: captureHandler as never });

async function roundTrip(client: typeof hsmClient | typeof trailClient, command: { input: object }) {
  const req = await captureRequest(client, command);
  const codec = client === hsmClient ? hsmCodec : trailCodec;
  return { req, parsed: codec.parse(req) };
}

describe('awsJson1_1 parse against the SDK', () => {
  it.each([
    [
      'CreateCluster',
      new CreateClusterCommand({
        HsmType: 'hsm1.medium',
        SubnetIds: ['subnet-0123abcd', 'subnet-4567efab'],
        BackupRetentionPolicy: { Type: 'DAYS', Value: '90' },
        TagList: [{ Key: 'env', Value: 'dev' }],
      }),
    ],
    [
      'DescribeClusters',
      new DescribeClustersCommand({ Filters: { states: ['ACTIVE', 'UNINITIALIZED'], clusterIds: ['cluster-abcdefghijk'] }, MaxResults: 5 }),
    ],
    ['DescribeBackups', new DescribeBackupsCommand({ SortAscending: true, NextToken: 'tok' })],
    ['TagResource', new TagResourceCommand({ ResourceId: 'cluster-abcdefghijk', TagList: [{ Key: 'k', Value: 'v' }] })],
  ])('CloudHSM %s', async (name, command) => {
    const { parsed } = await roundTrip(hsmClient, command);
    expect(parsed.operation).toBe(name);
    expect(normalize(parsed.input)).toEqual(normalize(command.input));
  });

  it('CloudTrail LookupEvents with timestamps and nested lists', async () => {
    const input = {
      StartTime: new Date('2026-01-02T03:04:05.678Z'),
      EndTime: new Date('2026-01-03T00:00:00Z'),
      LookupAttributes: [{ AttributeKey: 'EventName' as const, AttributeValue: 'CreateHsm' }],
      MaxResults: 50,
    };
    const { parsed } = await roundTrip(trailClient, new LookupEventsCommand(input));
    expect(parsed).toEqual({ operation: 'LookupEvents', input });
  });

  it('CloudTrail PutEventSelectors with booleans and nested structures', async () => {
    const input = {
      TrailName: 'main',
      EventSelectors: [
        {
          ReadWriteType: 'All' as const,
          IncludeManagementEvents: false,
          DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::b/'] }],
        },
      ],
    };
    const { parsed } = await roundTrip(trailClient, new PutEventSelectorsCommand(input));
    expect(parsed.input).toEqual(input);
  });
});

describe('awsJson1_1 rejects bad input the way AWS does', () => {
  const base: HttpRequest = {
    method: 'POST',
    path: '/',
    query: '',
    headers: { 'x-amz-target': 'BaldrApiService.DescribeClusters', 'content-type': 'application/x-amz-json-1.1' },
    body: Buffer.from('{}'),
  };
  const fails = (req: Partial<HttpRequest>) => {
    try {
      hsmCodec.parse({ ...base, ...req });
    } catch (e) {
      return e as ServiceError;
    }
    throw new Error('expected parse to fail');
  };

  it('reports pattern failures with Coral wording and lower-camel member names', () => {
    const err = fails({ headers: { 'x-amz-target': 'BaldrApiService.DeleteCluster' }, body: Buffer.from('{"ClusterId":"x"}') });
    expect(err.code).toBe('ValidationException');
    expect(err.message).toBe(
      "1 validation error detected: Value 'x' at 'clusterId' failed to satisfy constraint: Member must satisfy regular expression pattern: cluster-[2-7a-zA-Z]{11,16}",
    );
  });

  it('counts several problems and reports missing members as null', () => {
    const err = fails({ headers: { 'x-amz-target': 'BaldrApiService.CreateCluster' }, body: Buffer.from('{"SubnetIds":[]}') });
    expect(err.message).toMatch(/^2 validation errors detected: /);
    expect(err.message).toContain("Value null at 'hsmType' failed to satisfy constraint: Member must not be null");
    expect(err.message).toContain(
      "Value '[]' at 'subnetIds' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('maps wrong JSON types and malformed JSON to SerializationException', () => {
    expect(fails({ body: Buffer.from('{"MaxResults":"5"}') }).code).toBe('SerializationException');
    expect(fails({ body: Buffer.from('{"Filters":[]}') }).code).toBe('SerializationException');
    expect(fails({ body: Buffer.from('{"MaxResults":') }).code).toBe('SerializationException');
    expect(fails({ body: Buffer.from([0x7b, 0xff, 0x7d]) }).code).toBe('SerializationException');
  });

  it('answers unknown or missing targets with UnknownOperationException', () => {
    expect(fails({ headers: { 'x-amz-target': 'BaldrApiService.Nope' } }).code).toBe('UnknownOperationException');
    expect(fails({ headers: {} }).code).toBe('UnknownOperationException');
  });
});

describe('awsJson1_1 serialize, decoded by the SDK', () => {
  it('returns the output and the request id', async () => {
    const output = {
      Clusters: [
        {
          ClusterId: 'cluster-abcdefghijk',
          State: 'ACTIVE',
          CreateTimestamp: new Date('2026-01-02T03:04:05.250Z'),
          SubnetMapping: { 'us-east-1a': 'subnet-1' },
          Hsms: [],
        },
      ],
    };
    const res = hsmCodec.serialize('DescribeClusters', output, { requestId: 'req-1' });
    const client = new CloudHSMV2Client({ ...sdkConfig, requestHandler: replyWith(res) as never });
    const got = await client.send(new DescribeClustersCommand({}));
    expect(got.Clusters).toEqual(output.Clusters);
    expect(got.$metadata.requestId).toBe('req-1');
  });

  it('renders a ServiceError the SDK names and explains', async () => {
    const err = new ServiceError('CloudHsmResourceNotFoundException', 'Cluster cluster-abc not found');
    const res = hsmCodec.serializeError(err, { requestId: 'req-2' });
    expect(res.headers['x-amzn-ErrorType']).toBe('CloudHsmResourceNotFoundException');
    const client = new CloudHSMV2Client({ ...sdkConfig, requestHandler: replyWith(res) as never });
    const e = await client.send(new DescribeClustersCommand({})).catch((x) => x);
    expect(e.name).toBe('CloudHsmResourceNotFoundException');
    expect(e.message).toBe('Cluster cluster-abc not found');
    expect(e.$metadata.requestId).toBe('req-2');
    expect(e.$metadata.httpStatusCode).toBe(400);
  });
});

describe('awsJson 1.0 with awsQueryCompatible (SQS)', () => {
  it('answers in JSON 1.0 and carries the legacy query code and fault in x-amzn-query-error', async () => {
    const { model: sqs } = await import('../generated/sqs.js');
    const codec = codecFor(sqs);
    const missing = codec.serializeError(new ServiceError('QueueDoesNotExist', 'The specified queue does not exist.'), { requestId: 'r' });
    expect(missing.status).toBe(400);
    expect(missing.headers).toMatchObject({
      'Content-Type': 'application/x-amz-json-1.0',
      'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender',
    });
    expect(JSON.parse(String(missing.body))).toEqual({ __type: 'QueueDoesNotExist', message: 'The specified queue does not exist.' });
    const inflight = codec.serializeError(new ServiceError('ReceiptHandleIsInvalid', 'bad'), { requestId: 'r' });
    expect(inflight.status).toBe(404);
    expect(inflight.headers['x-amzn-query-error']).toBe('ReceiptHandleIsInvalid;Sender');
    const unmodelled = codec.serializeError(new ServiceError('InternalFailure', 'x', { status: 500 }), { requestId: 'r' });
    expect(unmodelled.headers['x-amzn-query-error']).toBe('InternalFailure;Receiver');
    const denied = codec.serializeError(new ServiceError('AccessDeniedException', 'no'), { requestId: 'r' });
    expect(denied.status).toBe(403);
    expect(denied.headers['x-amzn-query-error']).toBe('AccessDenied;Sender');
    const plain = hsmCodec.serializeError(new ServiceError('CloudHsmResourceNotFoundException', 'x'), { requestId: 'r' });
    expect(plain.headers['x-amzn-query-error']).toBeUndefined();
  });

  it('routes X-Amz-Target AmazonSQS.<Op> to its operation', async () => {
    const { model: sqs } = await import('../generated/sqs.js');
    const req: HttpRequest = {
      method: 'POST',
      path: '/',
      query: '',
      headers: { 'x-amz-target': 'AmazonSQS.SendMessage', 'content-type': 'application/x-amz-json-1.0' },
      body: Buffer.from(JSON.stringify({ QueueUrl: 'http://h/111122223333/q', MessageBody: 'x', DelaySeconds: 5 })),
    };
    expect(codecFor(sqs).parse(req)).toEqual({
      operation: 'SendMessage',
      input: { QueueUrl: 'http://h/111122223333/q', MessageBody: 'x', DelaySeconds: 5 },
    });
  });
});
