/**
 * The built-in S3 driven by the AWS CLI (`aws s3`, `aws s3api`), as users drive it. The commands
 * of a step run in one Python process (awsBatch): one interpreter per step, not per command.
 */
import { randomFillSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';
import { awsBatch, cliErrorCode, cliJson, hasTool, type ToolResult } from '../support/tools.js';

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

/** Runs these `aws` commands in order, in one process. */
const batch = (...commands: string[][]): Promise<ToolResult[]> => awsBatch(env, commands);
const ok = (r: ToolResult | undefined) => expect(r!.status, r!.stderr).toBe(0);
const json = (r: ToolResult | undefined) => cliJson(r!);
const code = (r: ToolResult | undefined) => cliErrorCode(r!);

function file(name: string, bytes: number | string): string {
  const path = join(work, name);
  writeFileSync(path, typeof bytes === 'string' ? bytes : randomFillSync(Buffer.alloc(bytes)));
  return path;
}

describe.skipIf(!cli)('aws s3 (high-level commands)', () => {
  it('mb, cp (single and multipart), ls, sync, rm, rb', async () => {
    const big = file('big.bin', 20 * 1024 * 1024); // above the CLI's 8 MiB multipart threshold
    const small = file('small.txt', 'hello s3');
    const back = join(work, 'big.back');
    const [mb, cpBig, cpSmall, headOut, cpBack, ls] = await batch(
      ['s3', 'mb', 's3://cli-bucket'],
      ['s3', 'cp', big, 's3://cli-bucket/data/big.bin'],
      ['s3', 'cp', small, 's3://cli-bucket/data/small.txt'],
      ['s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'data/big.bin'],
      ['s3', 'cp', 's3://cli-bucket/data/big.bin', back],
      ['s3', 'ls', 's3://cli-bucket/data/'],
    );
    for (const r of [mb, cpBig, cpSmall, cpBack]) ok(r);
    const head = json(headOut);
    expect(head.ContentLength).toBe(20 * 1024 * 1024);
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-3"$/); // 8 + 8 + 4 MiB parts
    expect(readFileSync(back).equals(readFileSync(big))).toBe(true);
    expect(ls!.stdout).toContain('small.txt');
    expect(ls!.stdout).toContain('big.bin');

    const dir = join(work, 'tree');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'one.txt'), '1');
    writeFileSync(join(dir, 'sub', 'two.txt'), '22');
    const [sync, again, listed, rbFull, rm, rb, buckets] = await batch(
      ['s3', 'sync', dir, 's3://cli-bucket/tree'],
      ['s3', 'sync', dir, 's3://cli-bucket/tree'],
      ['s3api', 'list-objects-v2', '--bucket', 'cli-bucket', '--prefix', 'tree/'],
      ['s3', 'rb', 's3://cli-bucket'],
      ['s3', 'rm', 's3://cli-bucket', '--recursive'],
      ['s3', 'rb', 's3://cli-bucket'],
      ['s3api', 'list-buckets'],
    );
    ok(sync);
    expect(again!.stdout).toBe(''); // nothing changed, nothing uploaded
    expect(json(listed).Contents.map((o: any) => o.Key)).toEqual(['tree/one.txt', 'tree/sub/two.txt']);
    expect(code(rbFull)).toBe('BucketNotEmpty');
    ok(rm);
    ok(rb);
    expect(json(buckets).Buckets.map((b: any) => b.Name)).not.toContain('cli-bucket');
  });
});

describe.skipIf(!cli)('aws s3api', () => {
  const bucket = 'api-bucket';
  beforeAll(async () => {
    json((await batch(['s3api', 'create-bucket', '--bucket', bucket]))[0]);
  });

  it('put-object with metadata; head-object returns it lower-cased; get-object --range is 206', async () => {
    const body = file('meta.txt', '0123456789');
    const out = join(work, 'range.out');
    const [put, head, got] = (
      await batch(
        [
          's3api',
          'put-object',
          '--bucket',
          bucket,
          '--key',
          'm.txt',
          '--body',
          body,
          '--metadata',
          'Owner-Name=Alice',
          '--content-type',
          'text/plain',
          '--cache-control',
          'max-age=60',
          '--content-disposition',
          'inline',
        ],
        ['s3api', 'head-object', '--bucket', bucket, '--key', 'm.txt'],
        ['s3api', 'get-object', '--bucket', bucket, '--key', 'm.txt', '--range', 'bytes=2-4', out],
      )
    ).map(json);
    expect(put.ETag).toBe('"781e5e245d69b566979b86e28d23f2c7"');
    expect(head).toMatchObject({
      ContentLength: 10,
      ContentType: 'text/plain',
      CacheControl: 'max-age=60',
      ContentDisposition: 'inline',
      Metadata: { 'owner-name': 'Alice' },
    });
    expect(got.ContentRange).toBe('bytes 2-4/10');
    expect(readFileSync(out, 'utf8')).toBe('234');
  });

  it('list-objects-v2 with delimiter, prefix, start-after and max-keys pagination; list-objects v1 with --marker', async () => {
    const body = file('k.txt', 'k');
    const puts = ['a/1', 'a/2', 'b/1', 'c', 'd', 'e'].map((key) => [
      's3api',
      'put-object',
      '--bucket',
      bucket,
      '--key',
      `ls/${key}`,
      '--body',
      body,
    ]);
    const [grouped, after, page1] = (
      await batch(
        ...puts,
        ['s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'ls/', '--delimiter', '/'],
        ['s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'ls/', '--start-after', 'ls/b/1'],
        ['s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'ls/', '--max-keys', '2', '--no-paginate'],
      )
    )
      .map(json)
      .slice(puts.length);
    expect(grouped.CommonPrefixes.map((p: any) => p.Prefix)).toEqual(['ls/a/', 'ls/b/']);
    expect(grouped.Contents.map((o: any) => o.Key)).toEqual(['ls/c', 'ls/d', 'ls/e']);
    expect(after.Contents.map((o: any) => o.Key)).toEqual(['ls/c', 'ls/d', 'ls/e']);
    expect(page1.IsTruncated).toBe(true);
    expect(page1.KeyCount).toBe(2);
    const [page2, all, v1, v1Page] = (
      await batch(
        [
          's3api',
          'list-objects-v2',
          '--bucket',
          bucket,
          '--prefix',
          'ls/',
          '--max-keys',
          '2',
          '--no-paginate',
          '--continuation-token',
          page1.NextContinuationToken,
        ],
        ['s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'ls/', '--page-size', '2'],
        ['s3api', 'list-objects', '--bucket', bucket, '--prefix', 'ls/', '--marker', 'ls/c', '--no-paginate'],
        ['s3api', 'list-objects', '--bucket', bucket, '--prefix', 'ls/', '--delimiter', '/', '--max-items', '1', '--page-size', '1'],
      )
    ).map(json);
    expect(page2.Contents.map((o: any) => o.Key)).toEqual(['ls/b/1', 'ls/c']);
    expect(all.Contents).toHaveLength(6);
    expect(v1.Contents.map((o: any) => o.Key)).toEqual(['ls/d', 'ls/e']);
    expect(v1Page.NextToken).toBeDefined();
  });

  it('copy-object (COPY and REPLACE directives) and the copy-onto-itself InvalidRequest', async () => {
    const src = file('src.txt', 'copy me');
    const [put, copied, headSrc, headCopy, replaced, headReplaced, self] = await batch(
      ['s3api', 'put-object', '--bucket', bucket, '--key', 'dir one/src.txt', '--body', src, '--metadata', 'k=v'],
      [
        's3api',
        'copy-object',
        '--bucket',
        bucket,
        '--key',
        'copy.txt',
        '--copy-source',
        `${bucket}/dir one/src.txt` /* botocore URL-encodes it */,
      ],
      ['s3api', 'head-object', '--bucket', bucket, '--key', 'dir one/src.txt'],
      ['s3api', 'head-object', '--bucket', bucket, '--key', 'copy.txt'],
      [
        's3api',
        'copy-object',
        '--bucket',
        bucket,
        '--key',
        'copy.txt',
        '--copy-source',
        `${bucket}/copy.txt`,
        '--metadata-directive',
        'REPLACE',
        '--metadata',
        'k=changed',
      ],
      ['s3api', 'head-object', '--bucket', bucket, '--key', 'copy.txt'],
      ['s3api', 'copy-object', '--bucket', bucket, '--key', 'copy.txt', '--copy-source', `${bucket}/copy.txt`],
    );
    ok(put);
    expect(json(copied).CopyObjectResult.ETag).toBe(json(headSrc).ETag);
    expect(json(headCopy).Metadata).toEqual({ k: 'v' });
    ok(replaced);
    expect(json(headReplaced).Metadata).toEqual({ k: 'changed' });
    expect(code(self)).toBe('InvalidRequest');
  });

  it('delete-objects reports each key, and quietly only failures', async () => {
    const body = file('d.txt', 'd');
    const [, , out, quiet, listed] = (
      await batch(
        ...['del/1', 'del/2'].map((key) => ['s3api', 'put-object', '--bucket', bucket, '--key', key, '--body', body]),
        ['s3api', 'delete-objects', '--bucket', bucket, '--delete', 'Objects=[{Key=del/1},{Key=del/missing}]'],
        ['s3api', 'delete-objects', '--bucket', bucket, '--delete', 'Objects=[{Key=del/2}],Quiet=true'],
        ['s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'del/'],
      )
    ).map(json);
    expect(out.Deleted.map((d: any) => d.Key).sort()).toEqual(['del/1', 'del/missing']);
    expect(quiet.Deleted).toBeUndefined();
    expect(listed.Contents).toBeUndefined();
  });

  it('put/get/delete-bucket-policy, with S3 error codes for bad and missing policies', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${server.accountId}:root` },
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${bucket}/*`,
        },
      ],
    });
    const [missing, malformed, put, got, deleted, gone] = await batch(
      ['s3api', 'get-bucket-policy', '--bucket', bucket],
      ['s3api', 'put-bucket-policy', '--bucket', bucket, '--policy', 'not json'],
      ['s3api', 'put-bucket-policy', '--bucket', bucket, '--policy', policy],
      ['s3api', 'get-bucket-policy', '--bucket', bucket],
      ['s3api', 'delete-bucket-policy', '--bucket', bucket],
      ['s3api', 'get-bucket-policy', '--bucket', bucket],
    );
    expect(code(missing)).toBe('NoSuchBucketPolicy');
    expect(code(malformed)).toBe('MalformedPolicy');
    expect(malformed!.stderr).toContain(
      "MalformedPolicy) when calling the PutBucketPolicy operation: Policies must be valid JSON and the first byte must be '{'",
    );
    ok(put);
    expect(JSON.parse(json(got).Policy)).toEqual(JSON.parse(policy));
    ok(deleted);
    expect(code(gone)).toBe('NoSuchBucketPolicy');
  });

  it('multipart: create, upload-part, list-parts, list-multipart-uploads, complete, abort', async () => {
    const part1 = file('p1', 5 * 1024 * 1024);
    const part2 = file('p2', 1024);
    const [created, other] = (
      await batch(
        ['s3api', 'create-multipart-upload', '--bucket', bucket, '--key', 'mpu.bin'],
        ['s3api', 'create-multipart-upload', '--bucket', bucket, '--key', 'aborted.bin'],
      )
    ).map(json);
    const { UploadId } = created;
    const uploadPart = (n: number, body: string) => [
      's3api',
      'upload-part',
      '--bucket',
      bucket,
      '--key',
      'mpu.bin',
      '--upload-id',
      UploadId,
      '--part-number',
      String(n),
      '--body',
      body,
    ];
    const [p1, p2, listedParts, uploads] = (
      await batch(
        uploadPart(1, part1),
        uploadPart(2, part2),
        ['s3api', 'list-parts', '--bucket', bucket, '--key', 'mpu.bin', '--upload-id', UploadId],
        ['s3api', 'list-multipart-uploads', '--bucket', bucket],
      )
    ).map(json);
    expect(listedParts.Parts.map((p: any) => p.Size)).toEqual([5 * 1024 * 1024, 1024]);
    expect(uploads.Uploads.map((u: any) => u.UploadId)).toContain(UploadId);
    const parts = JSON.stringify({
      Parts: [
        { PartNumber: 1, ETag: p1.ETag },
        { PartNumber: 2, ETag: p2.ETag },
      ],
    });
    const [done, head, aborted, abortedParts] = await batch(
      ['s3api', 'complete-multipart-upload', '--bucket', bucket, '--key', 'mpu.bin', '--upload-id', UploadId, '--multipart-upload', parts],
      ['s3api', 'head-object', '--bucket', bucket, '--key', 'mpu.bin'],
      ['s3api', 'abort-multipart-upload', '--bucket', bucket, '--key', 'aborted.bin', '--upload-id', other.UploadId],
      ['s3api', 'list-parts', '--bucket', bucket, '--key', 'aborted.bin', '--upload-id', other.UploadId],
    );
    expect(json(done).ETag).toMatch(/-2"$/);
    expect(json(head).ContentLength).toBe(5 * 1024 * 1024 + 1024);
    ok(aborted);
    expect(code(abortedParts)).toBe('NoSuchUpload');
  });

  it('answers S3 error codes: NoSuchBucket, NoSuchKey, InvalidBucketName, PreconditionFailed, InvalidRange, BadDigest', async () => {
    const body = file('e.txt', 'abc');
    const [noBucket, noKey, badName, put, precondition, range, badDigest, head, notEmpty] = await awsBatch(env, [
      ['s3api', 'list-objects-v2', '--bucket', 'no-such-bucket-here'],
      ['s3api', 'get-object', '--bucket', bucket, '--key', 'nope', join(work, 'x')],
      ['s3api', 'create-bucket', '--bucket', 'Bad_Name'],
      ['s3api', 'put-object', '--bucket', bucket, '--key', 'e.txt', '--body', body],
      ['s3api', 'get-object', '--bucket', bucket, '--key', 'e.txt', '--if-match', '"0000"', join(work, 'x')],
      ['s3api', 'get-object', '--bucket', bucket, '--key', 'e.txt', '--range', 'bytes=50-', join(work, 'x')],
      // botocore retries BadDigest (its _retry.json "contentmd5" policy) with random backoff, up to
      // ~15 s of sleeping for one answer; one attempt shows the same code.
      {
        args: ['s3api', 'put-object', '--bucket', bucket, '--key', 'bad', '--body', body, '--content-md5', 'AAAAAAAAAAAAAAAAAAAAAA=='],
        env: { AWS_MAX_ATTEMPTS: '1' },
      },
      ['s3api', 'head-object', '--bucket', bucket, '--key', 'bad'],
      ['s3api', 'delete-bucket', '--bucket', bucket],
    ]);
    expect(code(noBucket)).toBe('NoSuchBucket');
    expect(code(noKey)).toBe('NoSuchKey');
    expect(code(badName)).toBe('InvalidBucketName');
    ok(put);
    expect(code(precondition)).toBe('PreconditionFailed');
    expect(code(range)).toBe('InvalidRange');
    expect(code(badDigest)).toBe('BadDigest');
    expect(code(head)).toBe('404');
    expect(head!.stderr).toContain('(404)');
    expect(code(notEmpty)).toBe('BucketNotEmpty');
  });
});
