import { createHash } from 'node:crypto';
import { PassThrough, Transform, type TransformCallback } from 'node:stream';
import type { HttpRequest } from '../protocol/http.js';
import { AwsChunkedDecoder, type ChunkedOptions, type ChunkedResult } from './chunked-decoder.js';
import { s3ContentSha256Mismatch, s3DecodedLengthRequired } from './errors.js';
import type { VerifiedRequest } from './types.js';

export { AwsChunkedDecoder, type ChunkedOptions, type ChunkedResult } from './chunked-decoder.js';

/** aws-chunked decoding as a Transform; `result` is set once the stream has ended cleanly. */
export class AwsChunkedDecodeStream extends Transform {
  result: ChunkedResult | undefined;
  private readonly decoder: AwsChunkedDecoder;

  constructor(opts: ChunkedOptions) {
    super();
    this.decoder = new AwsChunkedDecoder(opts);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      for (const slice of this.decoder.push(chunk)) this.push(slice);
      callback();
    } catch (e) {
      callback(e as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.result = this.decoder.end();
      callback();
    } catch (e) {
      callback(e as Error);
    }
  }
}

/** Streams a body unchanged and fails at the end if its SHA-256 differs from x-amz-content-sha256. */
export class Sha256VerifyStream extends Transform {
  private readonly hash = createHash('sha256');

  constructor(private readonly expectedHex: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const computed = this.hash.digest('hex');
    callback(computed === this.expectedHex.toLowerCase() ? null : s3ContentSha256Mismatch(this.expectedHex, computed));
  }
}

/** The chunked-decoding options a verified S3 request implies (header names per the S3 streaming docs). */
export function chunkedOptionsFor(req: HttpRequest, verified: VerifiedRequest): ChunkedOptions {
  const mode = verified.payloadMode;
  if (mode !== 'streaming-signed' && mode !== 'streaming-signed-trailer' && mode !== 'streaming-unsigned-trailer') {
    throw new Error(`payload mode ${mode} is not aws-chunked`);
  }
  const lengthHeader = req.headers['x-amz-decoded-content-length'];
  if (lengthHeader === undefined || !/^\d+$/.test(lengthHeader.trim())) throw s3DecodedLengthRequired();
  const trailer = req.headers['x-amz-trailer'];
  return {
    mode,
    decodedContentLength: Number(lengthHeader.trim()),
    ...(trailer !== undefined ? { trailer } : {}),
    signing: { signingKey: verified.signingKey, seedSignature: verified.signature, datetime: verified.datetime, scope: verified.scope },
  };
}

/**
 * The Transform an S3 handler pipes the raw request stream through: aws-chunked decoding, SHA-256
 * verification of a literal x-amz-content-sha256, or a plain pass-through for UNSIGNED-PAYLOAD.
 */
export function createPayloadDecoder(req: HttpRequest, verified: VerifiedRequest): Transform {
  switch (verified.payloadMode) {
    case 'streaming-signed':
    case 'streaming-signed-trailer':
    case 'streaming-unsigned-trailer':
      return new AwsChunkedDecodeStream(chunkedOptionsFor(req, verified));
    case 'signed-hash':
      return new Sha256VerifyStream(req.headers['x-amz-content-sha256']!.trim());
    default:
      return new PassThrough();
  }
}
