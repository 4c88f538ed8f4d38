import { Readable } from 'node:stream';
import type { HttpHandlerOptions, HttpRequest as SdkRequest, HttpResponse as SdkResponse, RequestHandler } from '@smithy/types';
import type { HttpRequest, HttpResponse } from '../protocol/http.js';
import type { TlsDetails } from './context.js';

export type SdkRequestHandler = RequestHandler<SdkRequest, SdkResponse, HttpHandlerOptions>;

/** Who is calling, as the edge would have seen the connection. */
export interface InProcessConn {
  sourceIp: string;
  tls?: TlsDetails;
  /** Replaces the SDK's User-Agent (SigV4 never signs it), e.g. with the browser's for console calls. */
  userAgent?: string;
}

/**
 * An AWS SDK v3 `requestHandler` that hands each signed request to the gateway in-process, with no
 * socket: the call is SigV4-verified, IAM-authorized and recorded exactly as one sent over the wire.
 * The console's backend calls AWS APIs this way; the in-process test tier drives the app this way.
 */
export function inProcessHandler(
  gateway: { handle(req: HttpRequest, conn: { sourceIp: string; tls?: TlsDetails }): Promise<HttpResponse> },
  conn: InProcessConn | (() => InProcessConn),
): SdkRequestHandler {
  return {
    async handle(request: SdkRequest) {
      const facts = typeof conn === 'function' ? conn() : conn;
      const body = await bodyBuffer(request.body);
      const headers = lowerCaseHeaders(request.headers);
      if (facts.userAgent) headers['user-agent'] = facts.userAgent;
      const res = await gateway.handle(
        { method: request.method, path: request.path, query: buildQuery(request.query), headers, body, stream: Readable.from([body]) },
        { sourceIp: facts.sourceIp, tls: facts.tls },
      );
      const response: SdkResponse = {
        statusCode: res.status,
        headers: lowerCaseHeaders(res.headers),
        body: Buffer.isBuffer(res.body) ? Readable.from([res.body]) : res.body,
      };
      return { response };
    },
  };
}

export function lowerCaseHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = String(v);
  return out;
}

/** The raw query string the SDK would put on the wire: RFC 3986 encoding, repeated keys for lists. */
function buildQuery(query: SdkRequest['query']): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === null || v === undefined) parts.push(enc(k));
    else if (Array.isArray(v)) for (const item of v) parts.push(`${enc(k)}=${enc(item)}`);
    else parts.push(`${enc(k)}=${enc(v)}`);
  }
  return parts.join('&');
}

/** Any body the SDK or the gateway produces, buffered. */
export async function bodyBuffer(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
