/**
 * Log file integrity validation, end to end: a multi-region trail with a 2-second digest period
 * (many periods, empty ones included) across us-east-1 and eu-west-1, validated by the unmodified
 * `aws cloudtrail validate-logs` and by `hsmtrail validate-logs`, which must agree on every case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CloudHSMV2Client, DescribeBackupsCommand, DescribeClustersCommand } from '@aws-sdk/client-cloudhsm-v2';
import { startServer, type RunningServer } from '../support/server.js';
import { hasTool, run } from '../support/tools.js';
import {
  awsValidate,
  BIN,
  createDeliveryBucket,
  createLoggingTrail,
  flushTrail,
  hsmtrailValidate,
  listKeys,
  outcome,
  s3Client,
  trailClient,
  type ValidationOutcome,
} from './trail-helpers.js';

const REGIONS = ['us-east-1', 'eu-west-1'] as const;
const BUCKET = 'validate-trail-bucket';
const TRAIL = 'validated';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: RunningServer;
let s3: S3Client;
let trailArn: string;
let start: string;
const haveAws = hasTool('aws');

/** A few calls per region: successes and validation errors (both are recorded). */
async function workload(round: number): Promise<void> {
  for (const region of REGIONS) {
    const credentials = { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey };
    const hsm = new CloudHSMV2Client({ endpoint: server.endpoint, region, credentials, maxAttempts: 1 });
    const sts = new STSClient({ endpoint: server.endpoint, region, credentials, maxAttempts: 1 });
    await hsm.send(new DescribeClustersCommand({}));
    await sts.send(new GetCallerIdentityCommand({}));
    await hsm.send(new DescribeBackupsCommand({ Filters: { bogus: [`round-${round}`] } })).catch(() => undefined);
  }
}

async function bothValidate(region: string): Promise<{ aws: ValidationOutcome; ours: ValidationOutcome }> {
  const [aws, ours] = await Promise.all([
    awsValidate(server.awsEnv(), trailArn, start, region),
    hsmtrailValidate(server.awsEnv(), trailArn, start, region),
  ]);
  return { aws, ours };
}

function expectAgreement({ aws, ours }: { aws: ValidationOutcome; ours: ValidationOutcome }): void {
  expect(ours.summary, ours.raw).toEqual(aws.summary);
  expect(ours.files).toEqual(aws.files);
  expect(ours.status).toBe(aws.status);
}

const digestKeys = async (region: string) =>
  (await listKeys(s3, BUCKET, `AWSLogs/${server.accountId}/CloudTrail-Digest/${region}/`)).sort();
const logKeys = async (region: string) => (await listKeys(s3, BUCKET, `AWSLogs/${server.accountId}/CloudTrail/${region}/`)).sort();

beforeAll(async () => {
  server = await startServer({ args: ['--digest-period', '2', '--delivery-interval', '1'] });
  s3 = s3Client(server);
  start = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  await createDeliveryBucket(s3, BUCKET, server.accountId);
  trailArn = await createLoggingTrail(server, TRAIL, BUCKET, { multiRegion: true });
  // Rounds of calls, some rounds idle (empty digest periods), flushed at the end of each.
  for (let round = 0; round < 6; round++) {
    if (round % 3 !== 2) await workload(round);
    await sleep(2100);
    await flushTrail(server, TRAIL);
  }
  // Stop logging (final digests) so the validators' own calls add no files while they compare.
  // Calls in StopLogging's own second still belong to the trail: flush only after that second.
  await trailClient(server).send(new StopLoggingCommand({ Name: TRAIL }));
  await sleep(1100);
  await flushTrail(server, TRAIL);
  await sleep(1100); // validate-logs ends at "now" in whole seconds: let the last digest fall inside it
  // ~19 s at a load of 13 on 2 cores, 15 s of it the sleeps above; the former 80 s cap was hit at 17.
}, 150_000);

afterAll(async () => {
  await server?.stop();
});

describe('validate-logs over a multi-region trail with many digest periods', () => {
  it('delivers digests for both regions, including empty periods, and logs for both', async () => {
    for (const region of REGIONS) {
      expect((await digestKeys(region)).length).toBeGreaterThanOrEqual(6);
      expect((await logKeys(region)).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('hsmtrail validate-logs offline on the data directory, next to the running server, agrees', async () => {
    for (const region of REGIONS) {
      const online = await hsmtrailValidate(server.awsEnv(), trailArn, start, region);
      const offline = outcome(
        await run(
          process.execPath,
          [
            BIN,
            'validate-logs',
            '--data-dir',
            server.dataDir,
            '--trail-arn',
            trailArn,
            '--start-time',
            start,
            '--verbose',
            '--region',
            region,
          ],
          server.awsEnv(),
          undefined,
          60_000,
        ),
      );
      expect(offline.status, offline.raw).toBe(0);
      expect(offline.summary).toEqual(online.summary);
      expect(offline.files).toEqual(online.files);
    }
  });

  it.each(REGIONS)(
    '%s: every digest and log file is valid, and both validators say so',
    async (region) => {
      if (!haveAws) return;
      const both = await bothValidate(region);
      expect(both.aws.status, both.aws.raw).toBe(0);
      const digests = (await digestKeys(region)).length;
      const logs = (await logKeys(region)).length;
      expect(both.aws.summary.slice(-2)).toEqual([`${digests}/${digests} digest files valid`, `${logs}/${logs} log files valid`]);
      expect(both.aws.files.filter((l) => l.endsWith('\tvalid'))).toHaveLength(digests + logs);
      expectAgreement(both);
    },
    60_000,
  );

  it('a modified, a deleted log file and a deleted digest are detected alike by both', async () => {
    if (!haveAws) return;
    const [modified, deleted] = (await logKeys('us-east-1')).slice(0, 2);
    const eu = await logKeys('eu-west-1');
    await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: modified!, Body: gzipSync(JSON.stringify({ Records: [{ eventName: 'Forged' }] })) }),
    );
    let both = await bothValidate('us-east-1');
    expect(both.aws.files.filter((l) => l.includes('INVALID'))).toEqual([
      `Log file\ts3://${BUCKET}/${modified}\tINVALID: hash value doesn't match`,
    ]);
    expectAgreement(both);

    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: deleted! }));
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: eu[0]! }));
    both = await bothValidate('us-east-1');
    expect(both.aws.files.filter((l) => l.includes('INVALID'))).toContain(`Log file\ts3://${BUCKET}/${deleted}\tINVALID: not found`);
    expectAgreement(both);
    both = await bothValidate('eu-west-1');
    expect(both.aws.files.filter((l) => l.includes('INVALID'))).toEqual([`Log file\ts3://${BUCKET}/${eu[0]}\tINVALID: not found`]);
    expectAgreement(both);

    const digests = await digestKeys('eu-west-1');
    const gone = digests[Math.floor(digests.length / 2)]!;
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: gone }));
    both = await bothValidate('eu-west-1');
    expect(both.aws.files.filter((l) => l.includes('INVALID')).join('\n')).toContain(
      `Digest file\ts3://${BUCKET}/${gone}\tINVALID: not found`,
    );
    expectAgreement(both);
  }, 80_000);
});
