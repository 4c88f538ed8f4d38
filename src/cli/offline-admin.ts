import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { composeApp } from '../app/compose.js';
import { ACCOUNT_FILE, readEndpoint } from '../app/bootstrap.js';
import { alive } from '../app/node-identity.js';
import { loadConfig } from '../config/config.js';
import type { Gateway } from '../gateway/pipeline.js';
import { bodyBuffer, lowerCaseHeaders } from '../gateway/in-process.js';
import type { EndpointOptions } from './admin-client.js';

export interface OfflineFlags {
  dataDir: string;
  database?: string;
}

/**
 * Runs admin calls with no server running: the data directory's app is composed in this process (its
 * store opened directly, PostgreSQL with `database`) and each call goes through its gateway, signed
 * with the data dir's root keys, so it is authorized and recorded exactly as over the network. A
 * server serving the same SQLite data dir must be called instead: two writers would share one file.
 */
export async function withOfflineServer<T>(flags: OfflineFlags, run: (opts: EndpointOptions) => Promise<T>): Promise<T> {
  const dataDir = resolve(flags.dataDir);
  if (!existsSync(join(dataDir, ACCOUNT_FILE)))
    throw new Error(`${dataDir} holds no account: start the server once with this --data-dir first`);
  const running = readEndpoint(dataDir);
  if (!flags.database && running && alive(running.pid)) {
    throw new Error(
      `a server (pid ${running.pid}) serves ${dataDir}: call it instead (leave out --data-dir; --endpoint ${running.endpoint})`,
    );
  }
  const config = loadConfig({ dataDir, database: flags.database, logLevel: 'warn' });
  const app = composeApp(config);
  try {
    await app.claimStore();
    const { rootAccessKeyId: accessKeyId, rootSecretAccessKey: secretAccessKey } = app.account;
    return await run({ region: config.defaultRegion, credentials: { accessKeyId, secretAccessKey }, fetch: inProcessFetch(app.gateway) });
  } finally {
    await app.close();
  }
}

/** A `fetch` that hands the signed request to the gateway, as if from this host. */
function inProcessFetch(gateway: Gateway): typeof fetch {
  return (async (url: URL, init: { headers: Record<string, string>; body: string }) => {
    const body = Buffer.from(init.body);
    const headers = { ...lowerCaseHeaders(init.headers), 'user-agent': 'hsmtrail-cli (offline)' };
    const res = await gateway.handle(
      { method: 'POST', path: url.pathname, query: '', headers, body, stream: Readable.from([body]) },
      { sourceIp: '127.0.0.1' },
    );
    return new Response((await bodyBuffer(res.body)).toString('utf8'), { status: res.status, headers: lowerCaseHeaders(res.headers) });
  }) as unknown as typeof fetch;
}
