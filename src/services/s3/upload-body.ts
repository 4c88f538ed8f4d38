/** How an upload's body is staged: Content-MD5 and x-amz-checksum-* headers become verified digests. */
import { Transform, type TransformCallback } from 'node:stream';
import { checksumHeaderName, createChecksum, isValidChecksumValue, type ChecksumAlgorithm as WireAlgorithm } from '../../auth/checksums.js';
import { s3BadDigest, s3InvalidChecksumValue } from '../../auth/errors.js';
import { AwsChunkedDecodeStream } from '../../auth/streaming.js';
import { ServiceError } from '../../errors/service-error.js';
import type { BlobSource } from '../../storage/objects/local/blobs.js';
import {
  CHECKSUM_ALGORITHMS,
  type ChecksumAlgorithm,
  type Checksums,
  type StagedBlob,
  type StageOptions,
} from '../../storage/objects/local/types.js';

export interface UploadInput {
  Body?: Uint8Array | AsyncIterable<Uint8Array>;
  ContentMD5?: string;
  ChecksumAlgorithm?: string;
  ChecksumCRC32?: string;
  ChecksumCRC32C?: string;
  ChecksumCRC64NVME?: string;
  ChecksumSHA1?: string;
  ChecksumSHA256?: string;
}

const WIRE_ALGORITHMS: readonly WireAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];
const isStored = (a: string): a is ChecksumAlgorithm => (CHECKSUM_ALGORITHMS as readonly string[]).includes(a);

export interface UploadPlan {
  body: BlobSource;
  options: Partial<StageOptions>;
  /** The algorithms whose values the response echoes. */
  algorithms: ChecksumAlgorithm[];
}

/**
 * Checksum values sent as headers are verified while staging. A trailer (x-amz-trailer) was already
 * verified by the aws-chunked decoder; its algorithm, named by x-amz-sdk-checksum-algorithm, is
 * still computed here so the object stores and returns it. CRC64NVME is verified but not stored.
 */
export function planUpload(input: UploadInput): UploadPlan {
  const given = WIRE_ALGORITHMS.filter((a) => input[`Checksum${a}`] !== undefined);
  if (given.length > 1) {
    throw new ServiceError('InvalidRequest', 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.', {
      status: 400,
    });
  }
  const expectedChecksums: Checksums = {};
  let body: BlobSource = input.Body ?? Buffer.alloc(0);
  for (const algorithm of given) {
    const value = input[`Checksum${algorithm}`]!;
    if (!isValidChecksumValue(algorithm, value)) throw s3InvalidChecksumValue(checksumHeaderName(algorithm));
    if (isStored(algorithm)) expectedChecksums[algorithm] = value;
    else body = verifying(body, algorithm, value);
  }
  const requested = input.ChecksumAlgorithm?.toUpperCase();
  const algorithms = [...new Set([...given, ...(requested ? [requested] : [])])].filter(isStored);
  return {
    body,
    options: { expectedMd5Base64: input.ContentMD5, expectedChecksums, checksumAlgorithms: algorithms },
    algorithms,
  };
}

/** Passes the body through, failing at its end with BadDigest when its checksum differs from `expected`. */
function verifying(body: BlobSource, algorithm: WireAlgorithm, expected: string): BlobSource {
  const checksum = createChecksum(algorithm);
  const check = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      checksum.update(chunk);
      cb(null, chunk);
    },
    flush(cb: TransformCallback) {
      cb(checksum.digest().toString('base64') === expected ? null : s3BadDigest(algorithm));
    },
  });
  (async () => {
    try {
      if (body instanceof Uint8Array) check.end(body);
      else {
        for await (const chunk of body) if (!check.write(chunk)) await new Promise((r) => check.once('drain', r));
        check.end();
      }
    } catch (e) {
      check.destroy(e as Error);
    }
  })();
  return check;
}

/** The checksum members a PutObject/UploadPart response echoes for the algorithms in play. */
export function echoedChecksums(checksums: Checksums, algorithms: ChecksumAlgorithm[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of algorithms) if (checksums[a]) out[`Checksum${a}`] = checksums[a]!;
  return out;
}

/**
 * A trailing checksum (x-amz-trailer) is only known once the aws-chunked body has ended, and the
 * decoder has verified it by then; the staged blob adopts it so the object stores and echoes it.
 */
export function adoptTrailerChecksum(body: unknown, staged: StagedBlob): Record<string, string> {
  const trailer = body instanceof AwsChunkedDecodeStream ? body.result?.checksum : undefined;
  if (!trailer) return {};
  if (isStored(trailer.algorithm)) staged.checksums[trailer.algorithm] = trailer.value;
  return { [`Checksum${trailer.algorithm}`]: trailer.value };
}
