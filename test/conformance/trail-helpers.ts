/** What the trail conformance and fault tests share: a delivery bucket, a logging trail, flush, files, validate-logs. */
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { ADMIN_SIGNING_NAME, ADMIN_TARGET_PREFIX } from '../../src/services/admin/model.js';
import { Sha256 } from '../support/sha256.js';
import { run, type ToolResult } from '../support/tools.js';

export const BIN = resolve(import.meta.dirname, '../../bin/hsmtrail.js');

export interface Target {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
}

const creds = (t: Target) => ({ accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey });

export const s3Client = (t: Target, region = 'us-east-1') =>
  new S3Client({ endpoint: t.endpoint, region, credentials: creds(t), forcePathStyle: true, maxAttempts: 1 });
export const trailClient = (t: Target, region = 'us-east-1') =>
  new CloudTrailClient({ endpoint: t.endpoint, region, credentials: creds(t), maxAttempts: 1 });

/** The bucket policy of the CloudTrail user guide: GetBucketAcl on the bucket, PutObject under AWSLogs/{account}. */
export function cloudTrailBucketPolicy(bucket: string, accountId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: `arn:aws:s3:::${bucket}`,
      },
      {
        Sid: 'AWSCloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucket}/AWSLogs/${accountId}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
      },
    ],
  });
}

export async function createDeliveryBucket(s3: S3Client, bucket: string, accountId: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: cloudTrailBucketPolicy(bucket, accountId) }));
}

/** create-trail --enable-log-file-validation [--is-multi-region-trail] then start-logging; returns the trail ARN. */
export async function createLoggingTrail(t: Target, name: string, bucket: string, opts: { multiRegion?: boolean } = {}): Promise<string> {
  const ct = trailClient(t);
  const out = await ct.send(
    new CreateTrailCommand({
      Name: name,
      S3BucketName: bucket,
      EnableLogFileValidation: true,
      IsMultiRegionTrail: opts.multiRegion ?? true,
    }),
  );
  await ct.send(new StartLoggingCommand({ Name: name }));
  return out.TrailARN!;
}

/** `hsmtrail trail flush [--name T]`: delivers now and closes the digest period. */
export async function flush(env: NodeJS.ProcessEnv, name?: string): Promise<ToolResult> {
  const r = await run(process.execPath, [BIN, 'trail', 'flush', ...(name ? ['--name', name] : [])], env, undefined, 60_000);
  if (r.status !== 0) throw new Error(`trail flush failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r;
}

export interface FlushReport {
  TrailNames: string[];
  LogFilesDelivered: number;
  DigestFilesDelivered: number;
  Failures?: string[];
}

/**
 * The admin call `hsmtrail trail flush --name T` makes (FlushTrails, SigV4-signed), sent from the
 * test process: for tests that flush often and are not about the CLI, which costs a Node start-up
 * per call. Throws if any delivery failed, as the CLI exits non-zero.
 */
export async function flushTrail(t: Target, name: string): Promise<FlushReport> {
  const url = new URL(t.endpoint);
  const body = JSON.stringify({ Name: name });
  const signer = new SignatureV4({ service: ADMIN_SIGNING_NAME, region: 'us-east-1', credentials: creds(t), sha256: Sha256 });
  const req = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    body,
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${ADMIN_TARGET_PREFIX}.FlushTrails` },
  });
  const res = await fetch(t.endpoint, { method: 'POST', headers: req.headers, body });
  const text = await res.text();
  const report = JSON.parse(text) as FlushReport;
  if (res.status !== 200 || report.Failures?.length) throw new Error(`FlushTrails failed (${res.status}): ${text}`);
  return report;
}

/** Every object key under a prefix (ListObjectsV2 pages). */
export async function listKeys(s3: S3Client, bucket: string, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

export async function getObject(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

export interface DeliveredRecord {
  key: string;
  record: Record<string, any>;
}

/** The records of every delivered log file (not digests) in the bucket, with the key of their file. */
export async function deliveredRecords(s3: S3Client, bucket: string): Promise<DeliveredRecord[]> {
  const keys = (await listKeys(s3, bucket, 'AWSLogs/')).filter((k) => /\/CloudTrail\/.*\.json\.gz$/.test(k));
  const out: DeliveredRecord[] = [];
  for (const key of keys) {
    const body = await getObject(s3, bucket, key);
    const json = JSON.parse(gunzipSync(body).toString('utf8')) as { Records: Record<string, any>[] };
    for (const record of json.Records) out.push({ key, record });
  }
  return out;
}

/** What a validate-logs run said, comparable across awscli and hsmtrail: summary counts and the files named. */
export interface ValidationOutcome {
  status: number | null;
  summary: string[];
  files: string[];
  raw: string;
}

export function outcome(r: ToolResult): ValidationOutcome {
  const lines = `${r.stdout}\n${r.stderr}`.split('\n').map((l) => l.trim());
  return {
    status: r.status,
    summary: lines.filter(
      (l) =>
        /^Results found for/.test(l) || /^\d+\/\d+ (digest|log) files? (valid|INVALID)/.test(l) || /^\d+\/\d+ .*(valid|INVALID)/.test(l),
    ),
    files: lines.filter((l) => /^(Digest|Log) file\ts3:\/\//.test(l) || /^No log files/.test(l)).sort(),
    raw: `${r.stdout}\n${r.stderr}`,
  };
}

export function awsValidate(env: NodeJS.ProcessEnv, trailArn: string, start: string, region: string): Promise<ValidationOutcome> {
  return run(
    'aws',
    ['cloudtrail', 'validate-logs', '--trail-arn', trailArn, '--start-time', start, '--verbose', '--region', region],
    env,
  ).then(outcome);
}

export function hsmtrailValidate(env: NodeJS.ProcessEnv, trailArn: string, start: string, region: string): Promise<ValidationOutcome> {
  return run(
    process.execPath,
    [BIN, 'validate-logs', '--trail-arn', trailArn, '--start-time', start, '--verbose', '--region', region],
    env,
    undefined,
    60_000,
  ).then(outcome);
}
