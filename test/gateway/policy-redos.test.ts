/**
 * A bucket policy whose Resource glob is exponential for a backtracking matcher, and a GetObject of
 * a 200-character key: the old regex matcher froze the server here; the answer must now just be right.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';

const BUCKET = 'bucket-r';
const STARS = '*a'.repeat(12) + '*b';
const ALLOWED_KEY = 'a'.repeat(200);
const DENIED_KEY = 'a'.repeat(199) + 'b';

describe('pathological policy globs', () => {
  let h: GatewayHarness;
  let reader: S3Client;
  beforeAll(async () => {
    h = await gatewayHarness();
    const root = new S3Client(h.clientConfig());
    await root.send(new CreateBucketCommand({ Bucket: BUCKET }));
    for (const Key of [ALLOWED_KEY, DENIED_KEY]) await root.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'x' }));
    const Statement = [{ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/${STARS}` }];
    await root.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify({ Version: '2012-10-17', Statement }) }));

    const iam = new IAMClient(h.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: 'reader' }));
    const read = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
    await iam.send(new PutUserPolicyCommand({ UserName: 'reader', PolicyName: 'read', PolicyDocument: JSON.stringify(read) }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }));
    reader = new S3Client(h.clientConfig({ accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! }));
  });
  afterAll(() => h.close());

  it('allows a key the Deny does not match', async () => {
    const out = await reader.send(new GetObjectCommand({ Bucket: BUCKET, Key: ALLOWED_KEY }));
    expect(await out.Body!.transformToString()).toBe('x');
  });

  // GetObject is a data event, recorded only for trails that select it, so no record is asserted here.
  it('denies a key the Deny matches', async () => {
    const err = await reader.send(new GetObjectCommand({ Bucket: BUCKET, Key: DENIED_KEY })).catch((e) => e);
    expect(err.name).toBe('AccessDenied');
    expect(err.$metadata.httpStatusCode).toBe(403);
    expect(err.message).toBe('Access Denied'); // S3's wording: it does not explain which policy denied
  });
});
