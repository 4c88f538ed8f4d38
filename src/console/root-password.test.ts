import { existsSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetAccountSummaryCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { gatewayHarness, type GatewayHarness } from '../../test/support/gateway.js';
import { adminCall, setRootPassword } from '../../test/support/admin.js';
import { hashPassword } from '../identity/store/password.js';
import type { ConsoleRequest } from './console.js';
import { importLegacyRootPassword, legacyRootPasswordFile } from './root-password.js';

/** The root console password in the store, set through admin operation hsmtrail:SetRootPassword. */
describe('root console password', () => {
  let h: GatewayHarness;
  const PASSWORD = 'Root-console-Passw0rd!';

  const signIn = async (password: string) => {
    const headers: ConsoleRequest['headers'] = { host: '127.0.0.1:4599', 'user-agent': 'root-pw-test', origin: 'http://127.0.0.1:4599' };
    const body = Buffer.from(JSON.stringify({ accountId: h.accountId, password }));
    const res = await h.app.console.handle({ method: 'POST', path: '/console/api/signin', headers, body, sourceIp: '198.51.100.9' });
    return res.status;
  };
  const summary = async () => (await new IAMClient(h.clientConfig()).send(new GetAccountSummaryCommand({}))).SummaryMap!;

  beforeAll(async () => {
    h = await gatewayHarness();
  });
  afterAll(() => h.close());

  it('none is set at first: root sign-in fails and AccountPasswordPresent is 0', async () => {
    expect(await signIn(PASSWORD)).toBe(401);
    expect((await summary()).AccountPasswordPresent).toBe(0);
  });

  it('SetRootPassword sets it: root signs in, AccountPasswordPresent is 1, the record holds no password', async () => {
    const res = await adminCall(h, 'SetRootPassword', { Password: PASSWORD });
    expect(res.status).toBe(200);
    expect(await signIn(PASSWORD)).toBe(200);
    expect(await signIn('another-Passw0rd!')).toBe(401);
    expect((await summary()).AccountPasswordPresent).toBe(1);
    const rec = h.recordsFor(res.headers['x-amzn-requestid'])[0]!;
    expect(rec).toMatchObject({
      eventSource: 'hsmtrail.local',
      eventName: 'SetRootPassword',
      readOnly: false,
      requestParameters: { password: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
      userIdentity: { type: 'Root' },
    });
    expect(JSON.stringify(h.records())).not.toContain(PASSWORD);
    const stored = await h.app.store.read((tx) => tx.iamPasswords.rootPassword());
    expect(stored!.passwordHash).toMatch(/^scrypt\$/);
  });

  it('a new password replaces the old one at once', async () => {
    await setRootPassword(h, `${PASSWORD}2`);
    expect(await signIn(PASSWORD)).toBe(401);
    expect(await signIn(`${PASSWORD}2`)).toBe(200);
  });

  it('refuses a password outside 8..128 characters without echoing it, and records the refusal', async () => {
    const res = await adminCall(h, 'SetRootPassword', { Password: 'Sh0rt!' });
    expect(res.status).toBe(400);
    expect(res.json.__type).toMatch(/ValidationException/);
    expect(res.body).not.toContain('Sh0rt!');
    expect((await adminCall(h, 'SetRootPassword', {})).status).toBe(400);
    expect(JSON.stringify(h.records())).not.toContain('Sh0rt!');
    expect(await signIn(`${PASSWORD}2`)).toBe(200);
  });

  it('is IAM-authorized: a user without hsmtrail:SetRootPassword is denied, recorded, and nothing changes', async () => {
    const iam = new IAMClient(h.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: 'reader' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'reader', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    const { AccessKey: k } = await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }));
    const creds = { accessKeyId: k!.AccessKeyId!, secretAccessKey: k!.SecretAccessKey! };
    const denied = await adminCall(h, 'SetRootPassword', { Password: 'Taken-over-Passw0rd!' }, creds);
    expect(denied.status).toBe(400);
    expect(denied.json.__type).toMatch(/AccessDenied/);
    expect(h.recordsFor(denied.headers['x-amzn-requestid'])[0]).toMatchObject({
      eventName: 'SetRootPassword',
      errorCode: 'AccessDeniedException',
      userIdentity: { type: 'IAMUser', userName: 'reader' },
    });
    expect(await signIn('Taken-over-Passw0rd!')).toBe(401);
    expect(await signIn(`${PASSWORD}2`)).toBe(200);
  });

  it('imports a password file of an earlier version once, then deletes it; a later file does not override the store', async () => {
    const file = legacyRootPasswordFile(h.app.config.dataDir);
    const logger = pino({ level: 'silent' });
    writeFileSync(file, hashPassword('older-file-Passw0rd!') + '\n', { mode: 0o600 });
    await importLegacyRootPassword(h.app.store, h.app.config.dataDir, logger);
    expect(existsSync(file)).toBe(false);
    expect(await signIn('older-file-Passw0rd!')).toBe(401); // the store already had one
    expect(await signIn(`${PASSWORD}2`)).toBe(200);

    const fresh = await gatewayHarness();
    try {
      const freshFile = legacyRootPasswordFile(fresh.app.config.dataDir);
      writeFileSync(freshFile, hashPassword('older-file-Passw0rd!') + '\n', { mode: 0o600 });
      await fresh.app.claimStore();
      expect(existsSync(freshFile)).toBe(false);
      const stored = await fresh.app.store.read((tx) => tx.iamPasswords.rootPassword());
      expect(stored!.passwordHash).toMatch(/^scrypt\$/);
      expect((await new IAMClient(fresh.clientConfig()).send(new GetAccountSummaryCommand({}))).SummaryMap!.AccountPasswordPresent).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});
