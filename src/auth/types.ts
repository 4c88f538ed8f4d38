import type { Protocol } from '../protocol/http.js';
import type { AccessKeyLookup, AccessKeyRecord } from '../identity/credentials.js';

/** The closed set of ways a request can authenticate (MinIO's getRequestAuthType). */
export type AuthType =
  'signed-header' | 'presigned-query' | 'streaming-signed' | 'streaming-signed-trailer' | 'streaming-unsigned-trailer' | 'anonymous';

/** How the payload is protected; tells the S3 layer whether and how to decode the body. */
export type PayloadMode =
  /** Non-S3 services: hex(sha256(body)) was signed and checked. */
  | 'body-hash'
  /** S3 literal `x-amz-content-sha256` hex value, checked against the buffered body when there is one. */
  | 'signed-hash'
  | 'unsigned'
  | 'streaming-signed'
  | 'streaming-signed-trailer'
  | 'streaming-unsigned-trailer';

export interface VerifyOptions {
  now: Date;
  /** Key lookup bound to the request's read snapshot. */
  credentials: AccessKeyLookup;
  protocol: Protocol;
  /** Allowed clock skew either way; AWS's default for most endpoints is 15 minutes. */
  maxSkewMs?: number;
  /** When set, the credential scope must name this region. */
  region?: string;
  /** When set, the credential scope must name this signing name (e.g. 'cloudhsm', 'sts', 's3'). */
  service?: string;
}

export interface VerifiedRequest {
  accessKey: AccessKeyRecord;
  region: string;
  /** The signing name from the credential scope. */
  service: string;
  signature: string;
  signingKey: Buffer;
  /** The X-Amz-Date value the signature covers (basic ISO 8601, e.g. 20240101T000000Z). */
  datetime: string;
  /** `yyyymmdd/region/service/aws4_request`, as used in the string to sign. */
  scope: string;
  authType: AuthType;
  presigned: boolean;
  payloadMode: PayloadMode;
}

/** The SigV4 parameters found in the Authorization header or the presigned query. */
export interface SigV4Params {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
  /** Present for presigned URLs (seconds). */
  expires?: number;
  /** From X-Amz-Security-Token (header or query). */
  securityToken?: string;
}

export const STREAMING_SIGNED = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
export const STREAMING_SIGNED_TRAILER = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
export const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
