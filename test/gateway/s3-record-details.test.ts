import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { cloudTrailBucketPolicy } from '../conformance/trail-helpers.js';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';

/**
 * S3 records carry requestParameters.Host and additionalEventData (SignatureVersion,
 * bytesTransferredIn/Out, AuthenticationMethod, x-amz-id-2), as the S3 User Guide's
 * "CloudTrail log file entries for Amazon S3" show, for bucket calls and object data events.
 */
describe('S3 records: Host and additionalEventData', () => {
  let h: GatewayHarness;
  let s3: S3Client;
  const bucket = 'rr-s3-details';

  beforeAll(async () => {
    h = await gatewayHarness();
    s3 = new S3Client(h.clientConfig());
  });
  afterAll(() => h.close());

  it('records a bucket call with the Host it was sent to and how it was signed', async () => {
    const out = await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const [record] = h.recordsFor(out.$metadata.requestId!);
    expect(record!.requestParameters).toEqual({ bucketName: bucket, Host: '127.0.0.1:4599' });
    expect(Object.keys(record!.requestParameters)).toEqual(['bucketName', 'Host']);
    expect(record!.additionalEventData).toEqual({
      SignatureVersion: 'SigV4',
      bytesTransferredIn: 0,
      AuthenticationMethod: 'AuthHeader',
      'x-amz-id-2': out.$metadata.extendedRequestId,
      bytesTransferredOut: 0,
    });
    expect(Object.keys(record!).indexOf('additionalEventData')).toBe(Object.keys(record!).indexOf('responseElements') + 1);
  });

  it('counts the bytes an object data event moved in and out', async () => {
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: cloudTrailBucketPolicy(bucket, h.accountId) }));
    const trail = new CloudTrailClient(h.clientConfig());
    await trail.send(new CreateTrailCommand({ Name: 'rr-data', S3BucketName: bucket }));
    await trail.send(
      new PutEventSelectorsCommand({
        TrailName: 'rr-data',
        EventSelectors: [
          {
            ReadWriteType: 'All',
            IncludeManagementEvents: true,
            DataResources: [{ Type: 'AWS::S3::Object', Values: [`arn:aws:s3:::${bucket}/data/`] }],
          },
        ],
      }),
    );
    await trail.send(new StartLoggingCommand({ Name: 'rr-data' }));

    const body = 'hello, trail';
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'data/a.txt', Body: body }));
    const [putRecord] = h.recordsFor(put.$metadata.requestId!);
    expect(putRecord!.requestParameters).toMatchObject({ bucketName: bucket, Host: '127.0.0.1:4599', key: 'data/a.txt' });
    expect(Object.keys(putRecord!.requestParameters).slice(0, 3)).toEqual(['bucketName', 'Host', 'key']);
    expect(putRecord!.additionalEventData).toMatchObject({
      SignatureVersion: 'SigV4',
      AuthenticationMethod: 'AuthHeader',
      bytesTransferredIn: body.length,
      bytesTransferredOut: 0,
    });

    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'data/a.txt' }));
    expect(await got.Body!.transformToString()).toBe(body);
    const [getRecord] = h.recordsFor(got.$metadata.requestId!);
    expect(getRecord!.additionalEventData).toEqual({
      SignatureVersion: 'SigV4',
      bytesTransferredIn: 0,
      AuthenticationMethod: 'AuthHeader',
      'x-amz-id-2': got.$metadata.extendedRequestId,
      bytesTransferredOut: body.length,
    });
  });

  it('names a presigned request QueryString', async () => {
    const signer = new SignatureV4({
      service: 's3',
      region: h.region,
      credentials: h.credentials,
      sha256: Hash.bind(null, 'sha256') as never,
    });
    const presigned = await signer.presign({
      method: 'GET',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4599,
      path: '/',
      query: {},
      headers: { host: '127.0.0.1:4599', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const res = await h.send({ method: 'GET', path: '/', query, headers: { host: '127.0.0.1:4599' } });
    expect(res.status).toBe(200);
    const [record] = h.recordsFor(res.headers['x-amz-request-id']!);
    expect(record).toMatchObject({ eventName: 'ListBuckets', requestParameters: { Host: '127.0.0.1:4599' } });
    expect(record!.additionalEventData).toMatchObject({
      SignatureVersion: 'SigV4',
      AuthenticationMethod: 'QueryString',
      bytesTransferredIn: 0,
    });
    expect(record!.additionalEventData.bytesTransferredOut).toBe(Buffer.byteLength(res.body));
  });
});
