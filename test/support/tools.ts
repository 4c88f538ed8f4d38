import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * External tools the conformance tests drive. Locally a missing tool skips its tests with a note;
 * under CI=true a missing tool is a failure, never a skip.
 * Synchronous on purpose: it runs once at module load, inside describe.skipIf.
 */
export function hasTool(cmd: string, args: string[] = ['--version']): boolean {
  const ok = spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
  if (!ok && process.env.CI === 'true') throw new Error(`required tool '${cmd}' is missing (CI=true: .ci/run must install it)`);
  return ok;
}

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion without blocking the event loop: a spawnSync that outlives vitest's
 * 60 s worker RPC timeout fails the run, and the server under test may be this process's child.
 * `input` goes to stdin; the child is killed after `timeoutMs` (status null, as spawnSync reports it).
 */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string, timeoutMs = 120_000): Promise<ToolResult> {
  return new Promise((resolveP) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.on('error', () => {}); // a child that exits without reading stdin: its status says what happened
    child.stdin.end(input);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolveP({ status: null, stdout, stderr: stderr + err.message });
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolveP({ status, stdout, stderr });
    });
  });
}

/** Runs `aws ...` and parses its JSON output; rejects with stderr on failure. */
export async function awsJson(env: NodeJS.ProcessEnv, args: string[]): Promise<any> {
  const r = await run('aws', [...args, '--output', 'json'], env);
  if (r.status !== 0) throw new Error(`aws ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : {};
}

/** Runs a python3 snippet (boto3) with the given env. */
export function python(env: NodeJS.ProcessEnv, code: string): Promise<ToolResult> {
  return run('python3', ['-c', code], env);
}

const AWS_BATCH = resolve(import.meta.dirname, 'aws_batch.py');

/** One command for `awsBatch`: the arguments after `aws`, and variables that differ from the batch's env. */
export type AwsCommand = string[] | { args: string[]; env?: Record<string, string> };

/**
 * Runs several `aws` commands, in order, in one Python process (aws_batch.py): the same AWS CLI code
 * path per command, without paying interpreter start-up and the awscli import for each of them.
 * Each result is what `run('aws', args)` would have returned (output is JSON, the CLI's default).
 */
export async function awsBatch(env: NodeJS.ProcessEnv, commands: AwsCommand[]): Promise<ToolResult[]> {
  const input = JSON.stringify(commands.map((c) => (Array.isArray(c) ? { args: c } : c)));
  // The test's own timeout reports a slow batch; this cap only reaps a stuck one.
  const r = await run('python3', [AWS_BATCH], env, input, 300_000);
  if (r.status !== 0) throw new Error(`aws_batch.py failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as ToolResult[];
}

/** The parsed JSON output of a successful CLI command; throws with its stderr otherwise. */
export function cliJson(r: ToolResult, what = 'aws command'): any {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : {};
}

/** The error code a failed CLI command printed (`An error occurred (Code) ...`); throws if it succeeded. */
export function cliErrorCode(r: ToolResult, what = 'aws command'): string | undefined {
  if (r.status === 0) throw new Error(`${what} should have failed: ${r.stdout}`);
  return /An error occurred \(([^)]+)\)/.exec(r.stderr)?.[1];
}
