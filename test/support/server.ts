import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A server started exactly as a user starts it: `hsmtrail serve`, credentials read from what it prints. */
export interface RunningServer {
  endpoint: string;
  port: number;
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  dataDir: string;
  process: ChildProcess;
  output(): string;
  /** Environment for AWS CLI / boto3 / SDK children pointed at this server. */
  awsEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const BIN = resolve(import.meta.dirname, '../../bin/hsmtrail.js');

export async function startServer(
  opts: {
    args?: string[];
    env?: Record<string, string>;
    dataDir?: string;
    keepDataDir?: boolean;
    /** Another build's bin/hsmtrail.js (benchmarks compare a baseline commit). */
    bin?: string;
    /** Also append the process's stdout and stderr to this file as they arrive (kept after a kill). */
    logFile?: string;
  } = {},
): Promise<RunningServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'hsmtrail-test-'));
  const child = spawn(
    process.execPath,
    [opts.bin ?? BIN, 'serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn', ...(opts.args ?? [])],
    {
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const capture = (d: Buffer) => {
    out += d.toString();
    if (opts.logFile) appendFileSync(opts.logFile, d);
  };
  child.stdout!.on('data', capture);
  child.stderr!.on('data', capture);
  const listening = await new Promise<RegExpExecArray>((resolveP, reject) => {
    // A cap for a loaded machine: a start takes well under a second of CPU.
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const check = () => {
      const m = /listening on (https?):\/\/([^:]+):(\d+) \(account (\d{12})/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveP(m);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  const [, scheme, host, port, accountId] = listening;
  // The server never prints the root secret (stdout is its log stream): it is in account.json, as for a user.
  const stored = JSON.parse(readFileSync(join(dataDir, 'account.json'), 'utf8'));
  const accessKeyId = opts.env?.HSMTRAIL_ROOT_ACCESS_KEY_ID ?? stored.rootAccessKeyId;
  const secretAccessKey = opts.env?.HSMTRAIL_ROOT_SECRET_ACCESS_KEY ?? stored.rootSecretAccessKey;
  if (!accessKeyId || !secretAccessKey) throw new Error(`no credentials in ${dataDir}/account.json:\n${out}`);
  const endpoint = `${scheme}://${host}:${port}`;
  return {
    endpoint,
    port: Number(port),
    accountId: accountId!,
    accessKeyId,
    secretAccessKey,
    dataDir,
    process: child,
    output: () => out,
    awsEnv: (extra = {}) => ({
      ...process.env,
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      AWS_SESSION_TOKEN: '',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: endpoint,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_PAGER: '',
      ...extra,
    }),
    stop: (signal = 'SIGTERM') =>
      new Promise((resolveP) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolveP(child.exitCode);
        child.once('exit', (code) => {
          if (!opts.keepDataDir && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
          resolveP(code);
        });
        child.kill(signal);
      }),
  };
}
