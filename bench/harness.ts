import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '../test/support/sha256.js';
import { startServer, type RunningServer } from '../test/support/server.js';

/** One row of the benchmark table. */
export interface BenchRow {
  benchmark: string;
  subject: string;
  value: number;
  unit: string;
  note?: string;
}

export interface Bench {
  name: string;
  run(): Promise<BenchRow[]>;
}

export async function startBareServer(): Promise<{ url: string; stop(): void }> {
  const file = fileURLToPath(new URL('./bare-server.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => {
    child.stdout!.on('data', (d: Buffer) => {
      const m = /listening (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

export async function startHsmtrail(args: string[] = []): Promise<RunningServer> {
  return startServer({ args: ['--log-level', 'warn', ...args] });
}

/** A signed request as the SDK would send it, replayable within the 15-minute window. */
export async function signed(
  server: RunningServer,
  req: { service: string; method?: string; path?: string; headers?: Record<string, string>; body?: string; region?: string },
  creds = { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
): Promise<{ url: string; method: string; headers: Record<string, string>; body?: string }> {
  const url = new URL(server.endpoint);
  const signer = new SignatureV4({ service: req.service, region: req.region ?? 'us-east-1', credentials: creds, sha256: Sha256 });
  const signedReq = await signer.sign({
    method: req.method ?? 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: req.path ?? '/',
    headers: { host: url.host, ...req.headers },
    body: req.body,
  });
  return { url: server.endpoint + (req.path ?? '/'), method: signedReq.method, headers: signedReq.headers, body: req.body };
}
