import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { startServer, type RunningServer } from '../support/server.js';
import { run } from '../support/tools.js';

const BIN = resolve(import.meta.dirname, '../../bin/hsmtrail.js');
const cli = (args: string[], env: NodeJS.ProcessEnv) => run(process.execPath, [BIN, ...args], env, undefined, 60_000);

describe('hsmtrail CLI against a spawned server', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s.stop());

  it('an SDK-using command prints no NodeVersionSupportWarning', async () => {
    const env = s.awsEnv();
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const trailArn = `arn:aws:cloudtrail:us-east-1:${s.accountId}:trail/none`;
    const r = await cli(['validate-logs', '--endpoint', s.endpoint, '--trail-arn', trailArn, '--start-time', '2026-01-01T00:00:00Z'], env);
    // The SDK made the round trip: the server's answer (no such trail) is what the command reports.
    expect(r.stderr).toContain('trail/none');
    expect(r.stderr).not.toContain('NodeVersionSupportWarning');
    expect(r.stdout).not.toContain('NodeVersionSupportWarning');
  });
});
