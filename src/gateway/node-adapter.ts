import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import type { HttpRequest, HttpResponse } from '../protocol/http.js';
import type { Gateway } from './pipeline.js';
import type { TlsDetails } from './context.js';
import { BodyGuard } from './body-guard.js';
import { boundConnections } from './connection-bound.js';
import type { EdgeLimits } from '../config/config.js';

export interface EdgeOptions {
  tls?: { cert: Buffer; key: Buffer };
  /** node:http's header-size limit (bytes); absurd headers get a 431 before any parsing. */
  maxHeaderBytes: number;
  /** Extra routes outside the AWS pipeline (/health, /console). Return undefined to fall through. */
  extraRoutes?: (
    req: http.IncomingMessage,
    conn: { sourceIp: string; tls?: TlsDetails },
    body: Readable,
  ) => HttpResponse | Promise<HttpResponse> | undefined;
  /** Source IPs allowed to set X-Forwarded-For (trusted reverse proxies). */
  trustedProxies: string[];
  /** Idle-body and header timeouts, and the connection bound. */
  limits: EdgeLimits;
  logger: Logger;
}

/** The node:http edge: socket request → HttpRequest → Gateway → socket response. */
export function createEdgeServer(gateway: Gateway, opts: EdgeOptions): http.Server {
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    void serve(gateway, opts, req, res);
  };
  const { headersTimeoutMs, maxConnections } = opts.limits;
  // No overall requestTimeout: a large upload may take long; a stalled one is caught by the body's
  // idle timer instead (BodyGuard). Header deadlines are checked every connectionsCheckingInterval.
  const common = {
    maxHeaderSize: opts.maxHeaderBytes,
    requestTimeout: 0,
    headersTimeout: headersTimeoutMs,
    connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(headersTimeoutMs / 4))),
    keepAliveTimeout: 65_000,
  };
  const server = opts.tls
    ? https.createServer({ ...common, cert: opts.tls.cert, key: opts.tls.key }, handler)
    : http.createServer(common, handler);
  boundConnections(server, maxConnections);
  return server;
}

async function serve(gateway: Gateway, opts: EdgeOptions, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const guard = new BodyGuard(req, opts.limits.bodyIdleTimeoutMs);
  try {
    const conn = connectionFacts(req, opts);
    const response = (await opts.extraRoutes?.(req, conn, guard.body)) ?? (await gateway.handle(toHttpRequest(req, guard.body), conn));
    guard.release();
    // The rest of a timed-out body is not worth waiting for: close the connection after answering.
    if (guard.timedOut) response.headers = { ...response.headers, connection: 'close' };
    await send(res, response);
  } catch (err) {
    // A client that hangs up mid-body (a follower stopping, an aborted download) is normal, not a failure.
    if ((err as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE')
      opts.logger.debug({ err }, 'client closed the connection mid-response');
    else opts.logger.error({ err }, 'edge failure');
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end();
  } finally {
    guard.release(); // an unread body drains (under the idle timer) so the connection can be reused
  }
}

function toHttpRequest(req: http.IncomingMessage, body: Readable): HttpRequest {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return {
    method: req.method ?? 'GET',
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1),
    headers,
    body: Buffer.alloc(0),
    stream: body,
  };
}

function connectionFacts(req: http.IncomingMessage, opts: EdgeOptions): { sourceIp: string; tls?: TlsDetails } {
  const peer = normaliseIp(req.socket.remoteAddress ?? '');
  const forwarded = req.headers['x-forwarded-for'];
  const sourceIp = typeof forwarded === 'string' && opts.trustedProxies.includes(peer) ? forwarded.split(',')[0]!.trim() : peer;
  const socket = req.socket as TLSSocket;
  if (!socket.encrypted) return { sourceIp };
  const cipher = socket.getCipher();
  return {
    sourceIp,
    tls: {
      tlsVersion: socket.getProtocol() ?? cipher.version,
      cipherSuite: cipher.standardName ?? cipher.name,
      clientProvidedHostHeader: req.headers.host ?? '',
    },
  };
}

/** IPv4 peers arrive as ::ffff:a.b.c.d on dual-stack sockets; CloudTrail shows a.b.c.d. */
function normaliseIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

async function send(res: http.ServerResponse, response: HttpResponse): Promise<void> {
  const body = response.body;
  const headers = { ...response.headers };
  const hasLength = Object.keys(headers).some((h) => h.toLowerCase() === 'content-length');
  if (Buffer.isBuffer(body) && !hasLength) headers['content-length'] = String(body.length);
  res.writeHead(response.status, headers);
  if (Buffer.isBuffer(body)) {
    res.end(body);
    return;
  }
  await pipeline(body as Readable, res);
}
