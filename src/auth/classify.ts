import type { HttpRequest } from '../protocol/http.js';
import { ALGORITHM, STREAMING_SIGNED, STREAMING_SIGNED_TRAILER, STREAMING_UNSIGNED_TRAILER, type AuthType } from './types.js';

/** Anything that is not SigV4 (SigV2 `AWS AKID:sig`, SigV4a ECDSA) — rejected by verifySigV4. */
export type ClassifiedAuthType = AuthType | 'unsupported';

const PRESIGN_PARAM = /(?:^|&)X-Amz-(?:Algorithm|Credential|Signature)=/;

/** True when the raw query string carries SigV4 query-string authentication parameters. */
export function hasPresignParams(query: string): boolean {
  return query.length > 0 && PRESIGN_PARAM.test(query);
}

/**
 * Classify first, verify second (MinIO cmd/auth-handler.go getRequestAuthType): a closed set of
 * cases means every handler decides explicitly what it accepts.
 */
export function classifyRequest(req: HttpRequest): ClassifiedAuthType {
  const authorization = req.headers['authorization'];
  if (authorization !== undefined) {
    if (!authorization.trimStart().startsWith(`${ALGORITHM} `)) return 'unsupported';
    return classifyPayload(req.headers['x-amz-content-sha256']);
  }
  if (hasPresignParams(req.query)) return 'presigned-query';
  return 'anonymous';
}

function classifyPayload(contentSha256: string | undefined): AuthType {
  switch (contentSha256?.trim()) {
    case STREAMING_SIGNED:
      return 'streaming-signed';
    case STREAMING_SIGNED_TRAILER:
      return 'streaming-signed-trailer';
    case STREAMING_UNSIGNED_TRAILER:
      return 'streaming-unsigned-trailer';
    default:
      return 'signed-header';
  }
}
