/**
 * awsBatch (test/support/aws_batch.py) stands in for separate `aws` processes in the conformance
 * tests, so it must answer exactly as they do: same status, stdout and stderr per command,
 * per-command environment applied to that command only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';
import { awsBatch, hasTool, run, type ToolResult } from '../support/tools.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const COMMANDS = [
  ['sts', 'get-caller-identity'],
  ['cloudhsmv2', 'describe-clusters', '--output', 'text', '--query', 'Clusters'],
  ['cloudhsmv2', 'delete-cluster', '--cluster-id', 'cluster-aaaaaaaaaaa'],
  ['ec2', 'describe-subnets', '--filters', 'Name=availability-zone,Values=us-east-1a', '--query', 'Subnets[].AvailabilityZone'],
  ['s3api', 'head-bucket', '--bucket', 'no-such-bucket'],
  ['s3', 'ls'],
  ['cloudhsmv2', 'describe-clusters', '--no-such-flag'],
];

const comparable = (r: ToolResult) => ({ status: r.status, stdout: r.stdout, stderr: r.stderr });

describe.runIf(hasTool('aws'))('awsBatch', () => {
  it('answers each command exactly as its own `aws` process does', async () => {
    const env = server.awsEnv();
    const separate = await Promise.all(COMMANDS.map((args) => run('aws', args, env)));
    const batched = await awsBatch(env, COMMANDS);
    expect(batched.map(comparable)).toEqual(separate.map(comparable));
    expect(separate.map((r) => r.status)).toEqual([0, 0, 255, 0, 255, 0, 255]);
  });

  it('applies a command’s own environment to that command only', async () => {
    const region = ['ec2', 'describe-subnets', '--query', 'Subnets[0].AvailabilityZone', '--output', 'text'];
    const [west, back] = await awsBatch(server.awsEnv(), [{ args: region, env: { AWS_DEFAULT_REGION: 'eu-west-1' } }, region]);
    expect(west!.stdout.trim()).toMatch(/^eu-west-1[a-z]$/);
    expect(back!.stdout.trim()).toMatch(/^us-east-1[a-z]$/);
  });
});
