import { createHash, createPrivateKey, sign } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { ObjectStore, PutObjectOptions } from '../../storage/objects/ports.js';
import { isoSeconds } from '../deliver/time-format.js';
import { digestKey, type DigestChainLocation } from './keys.js';
import type { SigningKey } from './signing-key.js';

export const SIGNATURE_ALGORITHM = 'SHA256withRSA';
export const HASH_ALGORITHM = 'SHA-256';

/** One `logFiles[]` entry, members in CloudTrail's order. */
export interface DigestLogFile {
  s3Bucket: string;
  s3Object: string;
  hashValue: string;
  hashAlgorithm: typeof HASH_ALGORITHM;
  newestEventTime: string;
  oldestEventTime: string;
}

/**
 * The digest JSON object, members in CloudTrail's order (CloudTrail User Guide, "CloudTrail digest file structure",
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html).
 */
export interface DigestDocument {
  awsAccountId: string;
  digestStartTime: string;
  digestEndTime: string;
  digestS3Bucket: string;
  digestS3Object: string;
  digestPublicKeyFingerprint: string;
  digestSignatureAlgorithm: typeof SIGNATURE_ALGORITHM;
  newestEventTime: string | null;
  oldestEventTime: string | null;
  previousDigestS3Bucket: string | null;
  previousDigestS3Object: string | null;
  previousDigestHashValue: string | null;
  previousDigestHashAlgorithm: typeof HASH_ALGORITHM | null;
  previousDigestSignature: string | null;
  logFiles: DigestLogFile[];
}

/** What the next digest in a chain needs to know about this one. */
export interface DigestLink {
  s3Bucket: string;
  s3Object: string;
  /** SHA-256 hex of the uncompressed digest JSON. */
  sha256Hex: string;
  /** Hex signature, as stored in x-amz-meta-signature. */
  signature: string;
}

export interface BuildDigestInput {
  chain: DigestChainLocation;
  bucket: string;
  /** Delivery-time window [start, end]; end names the file and is signed verbatim. */
  period: { start: Date; end: Date };
  logFiles: DigestLogFile[];
  /** null starts a chain: all previousDigest* members null, 'null' signed. */
  previous: DigestLink | null;
  key: SigningKey;
  /** Set for a backfill digest (key suffix `_backfill`, extra metadata). */
  backfill?: { generatedAt: Date };
}

export interface BuiltDigest extends DigestLink {
  document: DigestDocument;
  /** The exact uncompressed bytes that were hashed and signed. */
  json: Buffer;
  gzipped: Buffer;
  putOptions: PutObjectOptions;
}

export function buildDigest(input: BuildDigestInput): BuiltDigest {
  const { chain, bucket, period, logFiles, previous, key } = input;
  const s3Object = digestKey({ ...chain, endTime: period.end, backfill: input.backfill !== undefined });
  const document: DigestDocument = {
    awsAccountId: chain.accountId,
    digestStartTime: isoSeconds(period.start),
    digestEndTime: isoSeconds(period.end),
    digestS3Bucket: bucket,
    digestS3Object: s3Object,
    digestPublicKeyFingerprint: key.fingerprint,
    digestSignatureAlgorithm: SIGNATURE_ALGORITHM,
    ...eventTimeBounds(logFiles),
    previousDigestS3Bucket: previous?.s3Bucket ?? null,
    previousDigestS3Object: previous?.s3Object ?? null,
    previousDigestHashValue: previous?.sha256Hex ?? null,
    previousDigestHashAlgorithm: previous ? HASH_ALGORITHM : null,
    previousDigestSignature: previous?.signature ?? null,
    logFiles,
  };
  const json = Buffer.from(JSON.stringify(document), 'utf8');
  const sha256Hex = createHash('sha256').update(json).digest('hex');
  const signature = signDigest(digestStringToSign(document, sha256Hex), key.privateKeyPem);
  const metadata: Record<string, string> = { signature, 'signature-algorithm': SIGNATURE_ALGORITHM };
  if (input.backfill) metadata['backfill-generation-timestamp'] = isoSeconds(input.backfill.generatedAt);
  return {
    s3Bucket: bucket,
    s3Object,
    sha256Hex,
    signature,
    document,
    json,
    gzipped: gzipSync(json),
    putOptions: { contentType: 'application/json', contentEncoding: 'gzip', metadata },
  };
}

/**
 * `endTime\nbucket/key\nsha256(uncompressed)\nprevSignature|null` — no trailing newline (CloudTrail User Guide, "Custom
 * implementations of CloudTrail log file integrity validation",
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html).
 */
export function digestStringToSign(
  doc: Pick<DigestDocument, 'digestEndTime' | 'digestS3Bucket' | 'digestS3Object' | 'previousDigestSignature'>,
  sha256Hex: string,
): string {
  const previous = doc.previousDigestSignature ?? 'null';
  return `${doc.digestEndTime}\n${doc.digestS3Bucket}/${doc.digestS3Object}\n${sha256Hex}\n${previous}`;
}

/** RSASSA-PKCS1-v1_5 with SHA-256 over the UTF-8 string (Java SHA256withRSA), lowercase hex. */
export function signDigest(stringToSign: string, privateKeyPem: string): string {
  return sign('sha256', Buffer.from(stringToSign, 'utf8'), createPrivateKey(privateKeyPem)).toString('hex');
}

function eventTimeBounds(logFiles: DigestLogFile[]): Pick<DigestDocument, 'newestEventTime' | 'oldestEventTime'> {
  if (logFiles.length === 0) return { newestEventTime: null, oldestEventTime: null };
  const byTime = (pick: (f: DigestLogFile) => string, newer: boolean) =>
    logFiles.map(pick).reduce((a, b) => (Date.parse(b) > Date.parse(a) === newer ? b : a));
  return { newestEventTime: byTime((f) => f.newestEventTime, true), oldestEventTime: byTime((f) => f.oldestEventTime, false) };
}

/** Builds the logFiles[] entry for a delivered log file. */
export function digestLogFileEntry(
  s3Bucket: string,
  s3Object: string,
  file: { sha256Hex: string; newestEventTime: string; oldestEventTime: string },
): DigestLogFile {
  return {
    s3Bucket,
    s3Object,
    hashValue: file.sha256Hex,
    hashAlgorithm: HASH_ALGORITHM,
    newestEventTime: file.newestEventTime,
    oldestEventTime: file.oldestEventTime,
  };
}

/** Stores a digest with its signature metadata; digests must never be moved or copied afterwards. */
export async function putDigest(store: ObjectStore, digest: BuiltDigest): Promise<void> {
  await store.putObject(digest.s3Bucket, digest.s3Object, digest.gzipped, digest.putOptions);
}
