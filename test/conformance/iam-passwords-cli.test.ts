import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';
import { awsJson, hasTool, run } from '../support/tools.js';

let server: RunningServer;
const haveCli = hasTool('aws');

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe.skipIf(!haveCli)('console passwords with the AWS CLI', () => {
  it('update-login-profile --password a is a PasswordPolicyViolation, and the server keeps serving', async () => {
    const root = server.awsEnv();
    await awsJson(root, ['iam', 'create-user', '--user-name', 'alice']);
    await awsJson(root, ['iam', 'create-login-profile', '--user-name', 'alice', '--password', 'Str0ng-enough']);
    const weak = await run('aws', ['iam', 'update-login-profile', '--user-name', 'alice', '--password', 'a'], root);
    expect(weak.status).not.toBe(0);
    expect(weak.stderr).toContain(
      '(PasswordPolicyViolation) when calling the UpdateLoginProfile operation: Password should have a minimum length of 8',
    );
    const none = await run('aws', ['iam', 'get-account-password-policy'], root);
    expect(none.stderr).toContain(
      `(NoSuchEntity) when calling the GetAccountPasswordPolicy operation: The Password Policy with domain name ${server.accountId} cannot be found.`,
    );
    expect((await awsJson(root, ['iam', 'get-login-profile', '--user-name', 'alice'])).LoginProfile.UserName).toBe('alice');
  });
});
