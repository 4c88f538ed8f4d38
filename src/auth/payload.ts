import type { HttpRequest } from '../protocol/http.js';
import { s3ContentSha256Mismatch, s3InvalidContentSha256, s3MissingContentSha256 } from './errors.js';
import { sha256Hex } from './canonical.js';
import { STREAMING_SIGNED, STREAMING_SIGNED_TRAILER, STREAMING_UNSIGNED_TRAILER, UNSIGNED_PAYLOAD, type PayloadMode } from './types.js';

export interface Payload {
  /** The last line of the canonical request. */
  hash: string;
  mode: PayloadMode;
}

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

const LITERAL_MODES: Record<string, PayloadMode> = {
  [UNSIGNED_PAYLOAD]: 'unsigned',
  [STREAMING_SIGNED]: 'streaming-signed',
  [STREAMING_SIGNED_TRAILER]: 'streaming-signed-trailer',
  [STREAMING_UNSIGNED_TRAILER]: 'streaming-unsigned-trailer',
};

/**
 * The payload hash to sign. Non-S3 services always sign hex(sha256(body)) — the SDKs do not send
 * x-amz-content-sha256 to them, and if one did, a different value simply fails the signature.
 * S3 signs whatever x-amz-content-sha256 says; presigned URLs default to UNSIGNED-PAYLOAD.
 */
export function payloadFor(req: HttpRequest, s3: boolean, presigned: boolean): Payload {
  if (!s3) return { hash: sha256Hex(req.body), mode: 'body-hash' };
  const claimed = req.headers['x-amz-content-sha256']?.trim();
  if (claimed === undefined) {
    if (presigned) return { hash: UNSIGNED_PAYLOAD, mode: 'unsigned' };
    throw s3MissingContentSha256();
  }
  const literal = LITERAL_MODES[claimed];
  if (literal) return { hash: claimed, mode: literal };
  if (!HEX_SHA256.test(claimed)) throw s3InvalidContentSha256();
  return { hash: claimed, mode: 'signed-hash' };
}

/** After the signature checks out: a literal hash must match the buffered body (streams are checked by their consumer). */
export function verifyBufferedPayload(req: HttpRequest, payload: Payload): void {
  if (payload.mode !== 'signed-hash' || req.stream) return;
  const computed = sha256Hex(req.body);
  if (computed !== payload.hash.toLowerCase()) throw s3ContentSha256Mismatch(payload.hash, computed);
}
