import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import pino from 'pino';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import type { HttpHandlerOptions, HttpRequest as SdkRequest, HttpResponse as SdkResponse, RequestHandler } from '@smithy/types';

type HttpHandler = RequestHandler<SdkRequest, SdkResponse, HttpHandlerOptions>;
import { composeApp, type App } from '../../src/app/compose.js';
import { loadConfig, type RawServeOptions } from '../../src/config/config.js';
import type { HttpRequest, HttpResponse } from '../../src/protocol/http.js';

/**
 * The in-process tier: a real app (real SQLite in a temporary data dir, real services, the real
 * pipeline) driven without sockets. SDK v3 clients plug in through `requestHandler`, so requests
 * are signed and parsed exactly as over the wire; `send` takes a hand-built request for inputs no
 * SDK would produce. Use the spawned-server tier (server.ts) only for what a real process shows.
 */
export interface GatewayHarness {
  app: App;
  accountId: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Options for any SDK v3 client: `new IAMClient(h.clientConfig())`. */
  clientConfig(credentials?: GatewayHarness['credentials']): {
    region: string;
    endpoint: string;
    credentials: GatewayHarness['credentials'];
    requestHandler: HttpHandler;
    forcePathStyle: boolean;
    maxAttempts: number;
  };
  /** Send a raw request (already signed, or signed here with `sign`). */
  send(req: Partial<HttpRequest> & { method: string; path: string }, conn?: { sourceIp?: string }): Promise<RawResponse>;
  /** Sign a raw request with SigV4 for `service` (the signing name) in `region` (default: the harness region). */
  sign(
    req: Partial<HttpRequest> & { method: string; path: string },
    service: string,
    credentials?: GatewayHarness['credentials'],
    region?: string,
  ): Promise<HttpRequest>;
  /** Every stored event record, oldest first. */
  records(): Array<Record<string, any>>;
  /** The stored records with this requestID. */
  recordsFor(requestId: string): Array<Record<string, any>>;
  close(): Promise<void>;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const ENDPOINT = 'http://127.0.0.1:4599';

export async function gatewayHarness(opts: { flags?: RawServeOptions; env?: Record<string, string> } = {}): Promise<GatewayHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hsmtrail-gw-'));
  const credentials = { accessKeyId: 'AKIAHARNESSROOT00001', secretAccessKey: 'harness-root-secret-key-0000000000000000' };
  const config = loadConfig(
    { dataDir, logLevel: 'silent', ...opts.flags },
    { HSMTRAIL_ROOT_ACCESS_KEY_ID: credentials.accessKeyId, HSMTRAIL_ROOT_SECRET_ACCESS_KEY: credentials.secretAccessKey, ...opts.env },
  );
  const app = composeApp(config, { logger: pino({ level: 'silent' }) });
  const region = config.defaultRegion;
  const handle = async (req: HttpRequest, conn: { sourceIp?: string } = {}): Promise<HttpResponse> =>
    app.gateway.handle({ ...req, stream: req.stream ?? Readable.from([req.body]) }, { sourceIp: conn.sourceIp ?? '127.0.0.1' });

  const requestHandler: HttpHandler = {
    async handle(request: SdkRequest) {
      const body = await bodyBuffer(request.body);
      const res = await handle({
        method: request.method,
        path: request.path,
        query: buildQuery(request.query),
        headers: lowerCase(request.headers),
        body,
      });
      const response: SdkResponse = { statusCode: res.status, headers: lowerCase(res.headers), body: toReadable(res.body) };
      return { response };
    },
  };

  const sign: GatewayHarness['sign'] = async (req, service, creds = credentials, signingRegion = region) => {
    const signer = new SignatureV4({ service, region: signingRegion, credentials: creds, sha256: Hash.bind(null, 'sha256') as never });
    const body = req.body ?? Buffer.alloc(0);
    const query = Object.fromEntries(new URLSearchParams(req.query ?? ''));
    const signed = await signer.sign({
      method: req.method,
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4599,
      path: req.path,
      query,
      headers: { host: '127.0.0.1:4599', ...req.headers },
      body,
    });
    return { method: req.method, path: req.path, query: req.query ?? '', headers: lowerCase(signed.headers), body };
  };

  const records = () => (app.db.prepare('SELECT record FROM events ORDER BY seq').pluck().all() as string[]).map((r) => JSON.parse(r));

  return {
    app,
    accountId: app.account.accountId,
    region,
    credentials,
    clientConfig: (creds = credentials) => ({
      region,
      endpoint: ENDPOINT,
      credentials: creds,
      requestHandler,
      forcePathStyle: true,
      maxAttempts: 1,
    }),
    async send(req, conn) {
      const res = await handle({ query: '', headers: {}, body: Buffer.alloc(0), ...req } as HttpRequest, conn);
      return { status: res.status, headers: lowerCase(res.headers), body: (await bodyBuffer(res.body)).toString('utf8') };
    },
    sign,
    records,
    recordsFor: (requestId) => records().filter((r) => r.requestID === requestId),
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function lowerCase(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = String(v);
  return out;
}

function buildQuery(query: SdkRequest['query']): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query ?? {})) {
    const key = encode(k);
    if (v === null || v === undefined) parts.push(key);
    else if (Array.isArray(v)) for (const item of v) parts.push(`${key}=${encode(item)}`);
    else parts.push(`${key}=${encode(v)}`);
  }
  return parts.join('&');
}

/** RFC 3986 encoding, as the SDK's query-string builder applies it. */
function encode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

async function bodyBuffer(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function toReadable(body: Buffer | Readable): Readable {
  return Buffer.isBuffer(body) ? Readable.from([body]) : body;
}
