/** The built-in S3 driven by the AWS CLI (`aws s3`, `aws s3api`), as users drive it. */
import { randomFillSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';
import { awsJson, hasTool, run } from '../support/tools.js';

let server: RunningServer;
let env: NodeJS.ProcessEnv;
const work = mkdtempSync(join(tmpdir(), 's3-cli-'));
const cli = hasTool('aws');

beforeAll(async () => {
  server = await startServer();
  env = server.awsEnv();
});
afterAll(async () => {
  await server?.stop();
});

/** Runs `aws ...` expecting failure; returns the error code and the CLI's message. */
async function awsError(args: string[]): Promise<{ code: string | undefined; stderr: string }> {
  const r = await run('aws', args, env);
  expect(r.status).not.toBe(0);
  return { code: /An error occurred \(([^)]+)\)/.exec(r.stderr)?.[1], stderr: r.stderr };
}

function file(name: string, bytes: number | string): string {
  const path = join(work, name);
  writeFileSync(path, typeof bytes === 'string' ? bytes : randomFillSync(Buffer.alloc(bytes)));
  return path;
}

describe.skipIf(!cli)('aws s3 (high-level commands)', () => {
  it('mb, cp (single and multipart), ls, sync, rm, rb', async () => {
    expect((await run('aws', ['s3', 'mb', 's3://cli-bucket'], env)).status).toBe(0);
    const big = file('big.bin', 20 * 1024 * 1024); // above the CLI's 8 MiB multipart threshold
    const small = file('small.txt', 'hello s3');
    expect((await run('aws', ['s3', 'cp', big, 's3://cli-bucket/data/big.bin'], env)).status).toBe(0);
    expect((await run('aws', ['s3', 'cp', small, 's3://cli-bucket/data/small.txt'], env)).status).toBe(0);

    const head = await awsJson(env, ['s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'data/big.bin']);
    expect(head.ContentLength).toBe(20 * 1024 * 1024);
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-3"$/); // 8 + 8 + 4 MiB parts

    const back = join(work, 'big.back');
    expect((await run('aws', ['s3', 'cp', 's3://cli-bucket/data/big.bin', back], env)).status).toBe(0);
    expect(readFileSync(back).equals(readFileSync(big))).toBe(true);

    const ls = await run('aws', ['s3', 'ls', 's3://cli-bucket/data/'], env);
    expect(ls.stdout).toContain('small.txt');
    expect(ls.stdout).toContain('big.bin');

    const dir = join(work, 'tree');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'one.txt'), '1');
    writeFileSync(join(dir, 'sub', 'two.txt'), '22');
    expect((await run('aws', ['s3', 'sync', dir, 's3://cli-bucket/tree'], env)).status).toBe(0);
    const again = await run('aws', ['s3', 'sync', dir, 's3://cli-bucket/tree'], env);
    expect(again.stdout).toBe(''); // nothing changed, nothing uploaded
    const keys = (await awsJson(env, ['s3api', 'list-objects-v2', '--bucket', 'cli-bucket', '--prefix', 'tree/'])).Contents.map((o: any) => o.Key);
    expect(keys).toEqual(['tree/one.txt', 'tree/sub/two.txt']);

    expect((await awsError(['s3', 'rb', 's3://cli-bucket'])).code).toBe('BucketNotEmpty');
    expect((await run('aws', ['s3', 'rm', 's3://cli-bucket', '--recursive'], env)).status).toBe(0);
    expect((await run('aws', ['s3', 'rb', 's3://cli-bucket'], env)).status).toBe(0);
    expect((await awsJson(env, ['s3api', 'list-buckets'])).Buckets.map((b: any) => b.Name)).not.toContain('cli-bucket');
  });
});

describe.skipIf(!cli)('aws s3api', () => {
  const bucket = 'api-bucket';
  beforeAll(async () => {
    await awsJson(env, ['s3api', 'create-bucket', '--bucket', bucket]);
  });

  it('put-object with metadata; head-object returns it lower-cased; get-object --range is 206', async () => {
    const body = file('meta.txt', '0123456789');
    const put = await awsJson(env, ['s3api', 'put-object', '--bucket', bucket, '--key', 'm.txt', '--body', body, '--metadata', 'Owner-Name=Alice',
      '--content-type', 'text/plain', '--cache-control', 'max-age=60', '--content-disposition', 'inline']);
    expect(put.ETag).toBe('"781e5e245d69b566979b86e28d23f2c7"');
    const head = await awsJson(env, ['s3api', 'head-object', '--bucket', bucket, '--key', 'm.txt']);
    expect(head).toMatchObject({ ContentLength: 10, ContentType: 'text/plain', CacheControl: 'max-age=60', ContentDisposition: 'inline', Metadata: { 'owner-name': 'Alice' } });
    const out = join(work, 'range.out');
    const got = await awsJson(env, ['s3api', 'get-object', '--bucket', bucket, '--key', 'm.txt', '--range', 'bytes=2-4', out]);
    expect(got.ContentRange).toBe('bytes 2-4/10');
    expect(readFileSync(out, 'utf8')).toBe('234');
  });

  it('list-objects-v2 with delimiter, prefix, start-after and max-keys pagination; list-objects v1 with --marker', async () => {
    const body = file('k.txt', 'k');
    for (const key of ['a/1', 'a/2', 'b/1', 'c', 'd', 'e']) await awsJson(env, ['s3api', 'put-object', '--bucket', bucket, '--key', `ls/${key}`, '--body', body]);
    const grouped = await awsJson(env, ['s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'ls/', '--delimiter', '/']);
    expect(grouped.CommonPrefixes.map((p: any) => p.Prefix)).toEqual(['ls/a/', 'ls/b/']);
    expect(grouped.Contents.map((o: any) => o.Key)).toEqual(['ls/c', 'ls/d', 'ls/e']);
    const after = await awsJson(env, ['s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'ls/', '--start-after', 'ls/b/1']);
    expect(after.Contents.map((o: any) => o.Key)).toEqual(['ls/c', 'ls/d', 'ls/e']);
    const page1 = await awsJson(env, ['s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'ls/', '--max-keys', '2', '--no-paginate']);
    expect(page1.IsTruncated).toBe(true);
    expect(page1.KeyCount).toBe(2);
    const page2 = await awsJson(env, ['s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'ls/', '--max-keys', '2', '--no-paginate',
      '--continuation-token', page1.NextContinuationToken]);
    expect(page2.Contents.map((o: any) => o.Key)).toEqual(['ls/b/1', 'ls/c']);
    const all = await awsJson(env, ['s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'ls/', '--page-size', '2']);
    expect(all.Contents).toHaveLength(6);
    const v1 = await awsJson(env, ['s3api', 'list-objects', '--bucket', bucket, '--prefix', 'ls/', '--marker', 'ls/c', '--no-paginate']);
    expect(v1.Contents.map((o: any) => o.Key)).toEqual(['ls/d', 'ls/e']);
    const v1Page = await awsJson(env, ['s3api', 'list-objects', '--bucket', bucket, '--prefix', 'ls/', '--delimiter', '/', '--max-items', '1', '--page-size', '1']);
    expect(v1Page.NextToken).toBeDefined();
  });

  it('copy-object (COPY and REPLACE directives) and the copy-onto-itself InvalidRequest', async () => {
    const src = file('src.txt', 'copy me');
    await awsJson(env, ['s3api', 'put-object', '--bucket', bucket, '--key', 'dir one/src.txt', '--body', src, '--metadata', 'k=v']);
    const copied = await awsJson(env, ['s3api', 'copy-object', '--bucket', bucket, '--key', 'copy.txt', '--copy-source', `${bucket}/dir one/src.txt` /* botocore URL-encodes it */]);
    expect(copied.CopyObjectResult.ETag).toBe((await awsJson(env, ['s3api', 'head-object', '--bucket', bucket, '--key', 'dir one/src.txt'])).ETag);
    expect((await awsJson(env, ['s3api', 'head-object', '--bucket', bucket, '--key', 'copy.txt'])).Metadata).toEqual({ k: 'v' });
    await awsJson(env, ['s3api', 'copy-object', '--bucket', bucket, '--key', 'copy.txt', '--copy-source', `${bucket}/copy.txt`,
      '--metadata-directive', 'REPLACE', '--metadata', 'k=changed']);
    expect((await awsJson(env, ['s3api', 'head-object', '--bucket', bucket, '--key', 'copy.txt'])).Metadata).toEqual({ k: 'changed' });
    const self = await awsError(['s3api', 'copy-object', '--bucket', bucket, '--key', 'copy.txt', '--copy-source', `${bucket}/copy.txt`]);
    expect(self.code).toBe('InvalidRequest');
  });

  it('delete-objects reports each key, and quietly only failures', async () => {
    const body = file('d.txt', 'd');
    for (const key of ['del/1', 'del/2']) await awsJson(env, ['s3api', 'put-object', '--bucket', bucket, '--key', key, '--body', body]);
    const out = await awsJson(env, ['s3api', 'delete-objects', '--bucket', bucket, '--delete', 'Objects=[{Key=del/1},{Key=del/missing}]']);
    expect(out.Deleted.map((d: any) => d.Key).sort()).toEqual(['del/1', 'del/missing']);
    const quiet = await awsJson(env, ['s3api', 'delete-objects', '--bucket', bucket, '--delete', 'Objects=[{Key=del/2}],Quiet=true']);
    expect(quiet.Deleted).toBeUndefined();
    expect((await awsJson(env, ['s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'del/'])).Contents).toBeUndefined();
  });

  it('put/get/delete-bucket-policy, with S3 error codes for bad and missing policies', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
    });
    expect((await awsError(['s3api', 'get-bucket-policy', '--bucket', bucket])).code).toBe('NoSuchBucketPolicy');
    expect((await awsError(['s3api', 'put-bucket-policy', '--bucket', bucket, '--policy', 'not json'])).stderr).toContain(
      "MalformedPolicy) when calling the PutBucketPolicy operation: Policies must be valid JSON and the first byte must be '{'",
    );
    await awsJson(env, ['s3api', 'put-bucket-policy', '--bucket', bucket, '--policy', policy]);
    expect(JSON.parse((await awsJson(env, ['s3api', 'get-bucket-policy', '--bucket', bucket])).Policy)).toEqual(JSON.parse(policy));
    await awsJson(env, ['s3api', 'delete-bucket-policy', '--bucket', bucket]);
    expect((await awsError(['s3api', 'get-bucket-policy', '--bucket', bucket])).code).toBe('NoSuchBucketPolicy');
  });

  it('multipart: create, upload-part, list-parts, list-multipart-uploads, complete, abort', async () => {
    const part1 = file('p1', 5 * 1024 * 1024);
    const part2 = file('p2', 1024);
    const { UploadId } = await awsJson(env, ['s3api', 'create-multipart-upload', '--bucket', bucket, '--key', 'mpu.bin']);
    const e1 = (await awsJson(env, ['s3api', 'upload-part', '--bucket', bucket, '--key', 'mpu.bin', '--upload-id', UploadId, '--part-number', '1', '--body', part1])).ETag;
    const e2 = (await awsJson(env, ['s3api', 'upload-part', '--bucket', bucket, '--key', 'mpu.bin', '--upload-id', UploadId, '--part-number', '2', '--body', part2])).ETag;
    expect((await awsJson(env, ['s3api', 'list-parts', '--bucket', bucket, '--key', 'mpu.bin', '--upload-id', UploadId])).Parts.map((p: any) => p.Size)).toEqual([5 * 1024 * 1024, 1024]);
    expect((await awsJson(env, ['s3api', 'list-multipart-uploads', '--bucket', bucket])).Uploads.map((u: any) => u.UploadId)).toContain(UploadId);
    const parts = JSON.stringify({ Parts: [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }] });
    const done = await awsJson(env, ['s3api', 'complete-multipart-upload', '--bucket', bucket, '--key', 'mpu.bin', '--upload-id', UploadId, '--multipart-upload', parts]);
    expect(done.ETag).toMatch(/-2"$/);
    expect((await awsJson(env, ['s3api', 'head-object', '--bucket', bucket, '--key', 'mpu.bin'])).ContentLength).toBe(5 * 1024 * 1024 + 1024);

    const other = (await awsJson(env, ['s3api', 'create-multipart-upload', '--bucket', bucket, '--key', 'aborted.bin'])).UploadId;
    await awsJson(env, ['s3api', 'abort-multipart-upload', '--bucket', bucket, '--key', 'aborted.bin', '--upload-id', other]);
    expect((await awsError(['s3api', 'list-parts', '--bucket', bucket, '--key', 'aborted.bin', '--upload-id', other])).code).toBe('NoSuchUpload');
  });

  it('answers S3 error codes: NoSuchBucket, NoSuchKey, InvalidBucketName, PreconditionFailed, InvalidRange, BadDigest', async () => {
    const body = file('e.txt', 'abc');
    expect((await awsError(['s3api', 'list-objects-v2', '--bucket', 'no-such-bucket-here'])).code).toBe('NoSuchBucket');
    expect((await awsError(['s3api', 'get-object', '--bucket', bucket, '--key', 'nope', join(work, 'x')])).code).toBe('NoSuchKey');
    expect((await awsError(['s3api', 'create-bucket', '--bucket', 'Bad_Name'])).code).toBe('InvalidBucketName');
    await awsJson(env, ['s3api', 'put-object', '--bucket', bucket, '--key', 'e.txt', '--body', body]);
    expect((await awsError(['s3api', 'get-object', '--bucket', bucket, '--key', 'e.txt', '--if-match', '"0000"', join(work, 'x')])).code).toBe('PreconditionFailed');
    expect((await awsError(['s3api', 'get-object', '--bucket', bucket, '--key', 'e.txt', '--range', 'bytes=50-', join(work, 'x')])).code).toBe('InvalidRange');
    expect((await awsError(['s3api', 'put-object', '--bucket', bucket, '--key', 'bad', '--body', body, '--content-md5', 'AAAAAAAAAAAAAAAAAAAAAA=='])).code).toBe('BadDigest');
    expect((await awsError(['s3api', 'head-object', '--bucket', bucket, '--key', 'bad'])).stderr).toContain('(404)');
    expect((await awsError(['s3api', 'delete-bucket', '--bucket', bucket])).code).toBe('BucketNotEmpty');
  });
});
