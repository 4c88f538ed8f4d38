import { CloudTrailClient, DescribeTrailsCommand, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
import { S3Client } from '@aws-sdk/client-s3';
import { parseTrailArn, validateLogs, type ValidationReport } from '../audit/validate/index.js';
import { S3ObjectStore } from '../storage/objects/s3/s3-object-store.js';
import { ConsoleApiError, type AwsBridge, type BrowserConn, type SessionCredentials } from './aws-bridge.js';

export interface IntegrityRequest {
  trailArn: string;
  startTime: Date;
  endTime: Date;
}

/**
 * `aws cloudtrail validate-logs` for the console: the same traverser, reading the trail (DescribeTrails),
 * the public keys (ListPublicKeys) and the bucket (ListObjectsV2, GetObject) with the session's own
 * credentials through the gateway, so every read is IAM-checked and recorded; nothing reads storage directly.
 */
export async function validateTrail(
  bridge: AwsBridge,
  credentials: SessionCredentials,
  conn: BrowserConn,
  req: IntegrityRequest,
): Promise<ValidationReport> {
  let homeRegion: string;
  try {
    homeRegion = parseTrailArn(req.trailArn).homeRegion;
  } catch (err) {
    throw new ConsoleApiError(400, 'InvalidTrailNameException', (err as Error).message);
  }
  const config = bridge.clientConfig(credentials, conn);
  const cloudtrail = new CloudTrailClient(config);
  const s3 = new S3Client({
    ...config,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  try {
    const trail = await sdk(() => cloudtrail.send(new DescribeTrailsCommand({ trailNameList: [req.trailArn] })));
    const found = trail.trailList?.find((t) => t.TrailARN === req.trailArn);
    if (!found?.S3BucketName) throw new ConsoleApiError(400, 'TrailNotFoundException', `Unknown trail: ${req.trailArn}`);
    return await sdk(() =>
      validateLogs({
        store: new S3ObjectStore({ client: s3 }),
        trailArn: req.trailArn,
        bucket: found.S3BucketName!,
        prefix: found.S3KeyPrefix,
        regions: [homeRegion],
        startTime: req.startTime,
        endTime: req.endTime,
        publicKeys: async (start, end) => {
          const out = await cloudtrail.send(new ListPublicKeysCommand({ StartTime: start, EndTime: end }));
          return (out.PublicKeyList ?? []).map((k) => ({
            fingerprint: k.Fingerprint ?? '',
            value: Buffer.from(k.Value ?? new Uint8Array()),
            validityStart: k.ValidityStartTime ?? new Date(0),
            validityEnd: k.ValidityEndTime ?? new Date(0),
          }));
        },
      }),
    );
  } finally {
    cloudtrail.destroy();
    s3.destroy();
  }
}

/** An AWS error (AccessDenied on a read, say) reaches the page with its own code and message. */
async function sdk<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ConsoleApiError) throw err;
    const e = err as { name?: string; code?: string; message?: string; status?: number; $metadata?: { httpStatusCode?: number } };
    const status = e.$metadata?.httpStatusCode ?? e.status ?? 400;
    const code = e.code ?? (e.name && e.name !== 'Error' ? e.name : 'ValidationException');
    throw new ConsoleApiError(status, code, e.message ?? String(err));
  }
}
