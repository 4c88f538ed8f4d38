import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import pino from 'pino';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { composeApp, type App } from '../../src/app/compose.js';
import { loadConfig, type RawServeOptions } from '../../src/config/config.js';
import type { HttpRequest, HttpResponse } from '../../src/protocol/http.js';
import { bodyBuffer, inProcessHandler, lowerCaseHeaders as lowerCase, type SdkRequestHandler } from '../../src/gateway/in-process.js';
import { allRecordTexts } from '../../src/storage/sqlite/event-records.js';

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
    requestHandler: SdkRequestHandler;
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

  const requestHandler = inProcessHandler(app.gateway, { sourceIp: '127.0.0.1' });

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

  const records = () => allRecordTexts(app.db).map((r) => JSON.parse(r) as Record<string, any>);

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
