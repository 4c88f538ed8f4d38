import type http from 'node:http';
import type { Readable } from 'node:stream';
import type { TlsDetails } from '../gateway/context.js';
import type { HttpResponse } from '../protocol/http.js';
import type { ConsoleBackend } from './console.js';

const MAX_BODY = 1024 * 1024;

/**
 * The console's entry on the shared port: /console and /console/... go to the console backend;
 * a browser's plain GET / gets a page linking to it. Everything else falls through to the AWS
 * pipeline (undefined). Source IP and TLS facts come from the edge (trusted-proxy rules applied).
 */
export function consoleRoute(backend: ConsoleBackend) {
  return (req: http.IncomingMessage, conn: { sourceIp: string; tls?: TlsDetails }, body: Readable): Promise<HttpResponse> | undefined => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (path === '/' && q < 0 && req.method === 'GET' && isBrowserPage(req)) return Promise.resolve(landing());
    if (path !== '/console' && !path.startsWith('/console/')) return undefined;
    return readBody(body).then(
      (body) =>
        backend.handle({
          method: req.method ?? 'GET',
          path,
          headers: req.headers as Record<string, string | undefined>,
          body,
          sourceIp: conn.sourceIp,
          tls: conn.tls,
        }),
      () => ({ status: 413, headers: { 'content-type': 'text/plain' }, body: Buffer.from('Request body too large') }),
    );
  };
}

/** An unsigned navigation from a browser; SDK and CLI calls to / are signed and never ask for HTML. */
function isBrowserPage(req: http.IncomingMessage): boolean {
  return !req.headers.authorization && (req.headers.accept ?? '').includes('text/html');
}

function landing(): HttpResponse {
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>hsmtrail</title></head>' +
    '<body><main><h1>hsmtrail</h1><p>AWS-compatible CloudHSM v2 and CloudTrail. <a href="/console/">Open the console</a>.</p></main></body></html>';
  return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }, body: Buffer.from(html) };
}

/** The body as the edge's idle guard passes it on (a stalled client gets RequestTimeout there). */
function readBody(body: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        body.pause();
        reject(new Error('too large'));
      } else chunks.push(c);
    });
    body.on('end', () => resolve(Buffer.concat(chunks)));
    body.on('error', reject);
  });
}
