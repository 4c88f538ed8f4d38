import { spawnSync } from 'node:child_process';

/**
 * External tools the conformance tests drive. Locally a missing tool skips its tests with a note;
 * under CI=true a missing tool is a failure, never a skip.
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

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string): ToolResult {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', input, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `aws ...` and parses its JSON output; throws with stderr on failure. */
export function awsJson(env: NodeJS.ProcessEnv, args: string[]): any {
  const r = run('aws', [...args, '--output', 'json'], env);
  if (r.status !== 0) throw new Error(`aws ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : {};
}

/** Runs a python3 snippet (boto3) with the given env; returns parsed JSON printed on its last line. */
export function python(env: NodeJS.ProcessEnv, code: string): ToolResult {
  return run('python3', ['-c', code], env);
}
