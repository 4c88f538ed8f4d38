import { S3Errors } from './s3-errors.js';
import { BodyHasher } from './local/checksums.js';
import type { BlobSource } from './blob-store.js';
import type { ChecksumAlgorithm, Checksums, StageOptions } from './local/types.js';

export interface HashedBody {
  size: number;
  md5Hex: string;
  checksums: Checksums;
}

/**
 * Streams `source` into `write`, chunk by chunk (bounded memory), hashing and size-limiting on the
 * way, then checks Content-MD5 / x-amz-checksum-* (BadDigest). The caller cleans up when it throws.
 */
export async function hashInto(source: BlobSource, opts: StageOptions, write: (chunk: Uint8Array) => Promise<void>): Promise<HashedBody> {
  const expectedMd5 = opts.expectedMd5Base64 === undefined ? undefined : decodeMd5(opts.expectedMd5Base64);
  const algorithms: ChecksumAlgorithm[] = [
    ...(opts.checksumAlgorithms ?? []),
    ...(Object.keys(opts.expectedChecksums ?? {}) as ChecksumAlgorithm[]),
  ];
  const hasher = new BodyHasher(algorithms);
  let size = 0;
  for await (const chunk of chunksOf(source)) {
    size += chunk.length;
    if (size > opts.maxBytes) throw S3Errors.EntityTooLarge(size, opts.maxBytes);
    hasher.update(chunk);
    await write(chunk);
  }
  const { md5, checksums } = hasher.finish();
  if (expectedMd5 && !expectedMd5.equals(md5)) throw S3Errors.BadDigest(opts.expectedMd5Base64!, md5.toString('base64'));
  for (const [algorithm, expected] of Object.entries(opts.expectedChecksums ?? {})) {
    if (checksums[algorithm as ChecksumAlgorithm] !== expected) throw S3Errors.BadChecksum(algorithm);
  }
  return { size, md5Hex: md5.toString('hex'), checksums };
}

async function* chunksOf(source: BlobSource): AsyncIterable<Uint8Array> {
  if (source instanceof Uint8Array) yield source;
  else for await (const chunk of source) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

function decodeMd5(value: string): Buffer {
  const md5 = Buffer.from(value, 'base64');
  if (md5.length !== 16 || md5.toString('base64') !== value) throw S3Errors.InvalidDigest(value);
  return md5;
}
