import { randomUUID } from 'node:crypto';
import type { HttpRequest, HttpResponse, Protocol } from '../protocol/http.js';
import type { Principal } from '../identity/principal.js';
import type { ServiceError } from '../errors/service-error.js';
import type { ServiceDefinition } from '../services/service.js';
import type { Codec } from '../protocol/codec.js';
import type { VerifiedRequest } from '../auth/types.js';

/** TLS facts of the connection, for CloudTrail's tlsDetails. */
export interface TlsDetails {
  tlsVersion: string;
  cipherSuite: string;
  clientProvidedHostHeader: string;
}

/**
 * Everything the pipeline learns about one request, phase by phase. The audit phase reads it to
 * build the CloudTrail event; nothing else is consulted, so what is recorded is what happened.
 */
export interface RequestContext {
  readonly requestId: string;
  readonly receivedAt: Date;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly tls?: TlsDetails;
  readonly req: HttpRequest;

  service?: ServiceDefinition;
  /** The service the request names when hsmtrail does not host it (then `service` stays unset). */
  unhostedService?: string;
  protocol?: Protocol;
  codec?: Codec;
  region?: string;
  /** The bucket named by a virtual-hosted-style Host header. */
  virtualHostBucket?: string;
  /** What SigV4 verification established (scope, signing key for aws-chunked bodies). */
  auth?: VerifiedRequest;
  principal?: Principal;
  /** The access key id the request claimed, even when authentication failed (CloudTrail records it). */
  claimedAccessKeyId?: string;
  /** The account of the claimed access key when this server knows the key, even when authentication failed. */
  claimedAccountId?: string;
  operation?: string;
  input?: Record<string, unknown>;
  output?: unknown;
  error?: ServiceError;
  response?: HttpResponse;
  /** Calls hsmtrail makes itself (trail delivery) are never recorded. */
  internal: boolean;
}

export function newRequestContext(req: HttpRequest, conn: { sourceIp: string; tls?: TlsDetails; now?: Date }): RequestContext {
  return {
    requestId: randomUUID(),
    receivedAt: conn.now ?? new Date(),
    sourceIp: conn.sourceIp,
    userAgent: req.headers['user-agent'] ?? '',
    tls: conn.tls,
    req,
    internal: false,
  };
}
