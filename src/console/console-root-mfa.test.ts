import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AttachUserPolicyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  EnableMFADeviceCommand,
  GetAccountSummaryCommand,
  IAMClient,
  ListMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { gatewayHarness, type GatewayHarness } from '../../test/support/gateway.js';
import { createDatabase, hasPostgres } from '../../test/support/postgres.js';
import { stepAt, totp } from '../identity/mfa/totp.js';
import type { ConsoleRequest } from './console.js';
import { setRootPassword } from '../../test/support/admin.js';

/**
 * The root user's virtual MFA device: assigned from a root console session (as AWS allows, and only
 * so), then the second step of every root sign-in, recorded as CloudTrail records it.
 */
const ENGINES = [{ engine: 'SQLite' }, ...(hasPostgres() ? [{ engine: 'PostgreSQL' }] : [])];

describe.each(ENGINES)('root user MFA ($engine)', ({ engine }) => {
  let h: GatewayHarness;
  let serial: string;
  let seed: string;
  let enabledStep: number;
  const ORIGIN = 'http://127.0.0.1:4599';
  const ROOT = 'AWS ROOT USER';

  const send = async (path: string, body: unknown, cookie?: string, csrf?: string) => {
    const headers: ConsoleRequest['headers'] = { host: '127.0.0.1:4599', 'user-agent': 'root-mfa-test', origin: ORIGIN };
    if (cookie) headers.cookie = cookie;
    if (csrf) headers['x-csrf-token'] = csrf;
    const res = await h.app.console.handle({
      method: 'POST',
      path,
      headers,
      body: Buffer.from(JSON.stringify(body)),
      sourceIp: '198.51.100.7',
    });
    const text = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : '';
    const cookieOut = /^([\w-]+=[^;]+)/.exec(res.headers['set-cookie'] ?? '')?.[1];
    return { status: res.status, cookie: cookieOut, json: JSON.parse(text) };
  };
  type Session = Awaited<ReturnType<typeof send>>;
  const rootPassword = () => send('/console/api/signin', { accountId: h.accountId, password: 'root-Passw0rd!' });
  const aws = (s: Session, op: string, input: unknown) => send(`/console/api/aws/iam/${op}`, input, s.cookie, s.json.csrfToken);
  /** Every record so far, read through the event port (either engine). */
  const refresh = async () => {
    const stored = await h.app.store.read((tx) => tx.events.readAfter(0, 100_000));
    return stored.map((e) => JSON.parse(e.record) as Record<string, any>);
  };
  const last = async (name: string) => (await refresh()).filter((r) => r.eventName === name).at(-1)!;

  beforeAll(async () => {
    h = await gatewayHarness(engine === 'PostgreSQL' ? { env: { HSMTRAIL_DATABASE_URL: await createDatabase() } } : {});
    await setRootPassword(h, 'root-Passw0rd!');
  });
  afterAll(() => h.close());

  it('root assigns its own device from a console session; EnableMFADevice is recorded as AWS records it', async () => {
    const s = await rootPassword();
    expect(s.status).toBe(200);
    const created = await aws(s, 'CreateVirtualMFADevice', { VirtualMFADeviceName: 'root-account-mfa-device' });
    expect(created.status).toBe(200);
    serial = created.json.VirtualMFADevice.SerialNumber;
    expect(serial).toBe(`arn:aws:iam::${h.accountId}:mfa/root-account-mfa-device`);
    seed = Buffer.from(created.json.VirtualMFADevice.Base32StringSeed, 'base64').toString('ascii');

    enabledStep = stepAt(new Date());
    const codes = { AuthenticationCode1: totp(seed, enabledStep - 1), AuthenticationCode2: totp(seed, enabledStep) };
    const wrong = await aws(s, 'EnableMFADevice', {
      UserName: ROOT,
      SerialNumber: serial,
      AuthenticationCode1: '000000',
      AuthenticationCode2: '000001',
    });
    expect(wrong.json.error.code).toBe('InvalidAuthenticationCodeException');
    const enabled = await aws(s, 'EnableMFADevice', { UserName: ROOT, SerialNumber: serial, ...codes });
    expect(enabled.status).toBe(200);
    expect(await last('EnableMFADevice')).toMatchObject({
      userIdentity: {
        type: 'Root',
        arn: `arn:aws:iam::${h.accountId}:root`,
        sessionContext: { attributes: { mfaAuthenticated: 'false' } },
      },
      requestParameters: { userName: ROOT, serialNumber: serial },
      sessionCredentialFromConsole: 'true',
    });
    expect((await last('EnableMFADevice')).errorCode).toBeUndefined();

    const listed = await aws(s, 'ListVirtualMFADevices', {});
    expect(listed.json.VirtualMFADevices).toEqual([
      expect.objectContaining({
        SerialNumber: serial,
        User: expect.objectContaining({ Arn: `arn:aws:iam::${h.accountId}:root`, UserId: h.accountId }),
      }),
    ]);
    const mine = await aws(s, 'ListMFADevices', {});
    expect(mine.json.MFADevices).toEqual([expect.objectContaining({ SerialNumber: serial, UserName: ROOT })]);
    const root = new IAMClient(h.clientConfig());
    expect((await root.send(new GetAccountSummaryCommand({}))).SummaryMap!.AccountMFAEnabled).toBe(1);
    expect((await root.send(new ListMFADevicesCommand({}))).MFADevices!.map((d) => d.SerialNumber)).toEqual([serial]);
    expect(JSON.stringify(await refresh())).not.toContain(seed);
  });

  it('no one else may name the root user: root access keys and IAM users get the name pattern error', async () => {
    const root = new IAMClient(h.clientConfig());
    const codes = { AuthenticationCode1: '123456', AuthenticationCode2: '234567' };
    const err = await root.send(new EnableMFADeviceCommand({ UserName: ROOT, SerialNumber: serial, ...codes })).catch((e: Error) => e);
    expect((err as Error).name).toBe('ValidationError');
    expect((err as Error).message).toContain("Value 'AWS ROOT USER' at 'userName' failed to satisfy constraint");
    expect((await last('EnableMFADevice')).errorCode).toBe('ValidationError');

    // An administrator's console session is no root session either.
    await root.send(new CreateUserCommand({ UserName: 'admin' }));
    await root.send(new CreateLoginProfileCommand({ UserName: 'admin', Password: 'admin-Passw0rd!' }));
    await root.send(new AttachUserPolicyCommand({ UserName: 'admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const admin = await send('/console/api/signin', { accountId: h.accountId, userName: 'admin', password: 'admin-Passw0rd!' });
    for (const op of ['EnableMFADevice', 'ResyncMFADevice']) {
      const refused = await aws(admin, op, { UserName: ROOT, SerialNumber: serial, ...codes });
      expect(refused.json.error.code, op).toBe('ValidationError');
    }
    const deactivate = await aws(admin, 'DeactivateMFADevice', { UserName: ROOT, SerialNumber: serial });
    expect(deactivate.json.error.code).toBe('ValidationError');
    expect((await aws(admin, 'ListMFADevices', {})).json.MFADevices).toEqual([]); // the admin's own: none
  });

  it('root sign-in then takes the code: a wrong one is a recorded, throttled Failure with MFAUsed Yes', async () => {
    const first = await rootPassword();
    expect(first.json).toEqual({ mfaRequired: true });
    const wrong = await send('/console/api/signin/mfa', { code: totp(seed, enabledStep - 6) }, first.cookie);
    expect(wrong.status).toBe(401);
    expect(await last('ConsoleLogin')).toMatchObject({
      userIdentity: { type: 'Root', principalId: h.accountId, arn: `arn:aws:iam::${h.accountId}:root`, accessKeyId: '' },
      errorMessage: 'Failed authentication',
      responseElements: { ConsoleLogin: 'Failure' },
      additionalEventData: { MFAUsed: 'Yes' },
    });

    const ok = await send('/console/api/signin/mfa', { code: totp(seed, Math.max(stepAt(new Date()), enabledStep + 1)) }, first.cookie);
    expect(ok.status).toBe(200);
    expect(ok.json.identity).toMatchObject({ type: 'Root', mfaUsed: true });
    expect(Date.parse(ok.json.expiresAt) - Date.now()).toBeLessThanOrEqual(3600_000);
    expect(await last('ConsoleLogin')).toMatchObject({
      userIdentity: { type: 'Root', arn: `arn:aws:iam::${h.accountId}:root` },
      responseElements: { ConsoleLogin: 'Success' },
      additionalEventData: { MFAIdentifier: serial, MFAUsed: 'Yes' },
    });
    await aws(ok, 'ListUsers', {});
    expect((await last('ListUsers')).userIdentity).toMatchObject({
      type: 'Root',
      sessionContext: { attributes: { mfaAuthenticated: 'true' } },
    });

    // Removing the device takes a root console session too; the next sign-in is one step again.
    const removed = await aws(ok, 'DeactivateMFADevice', { UserName: ROOT, SerialNumber: serial });
    expect(removed.status).toBe(200);
    expect((await last('DeactivateMFADevice')).requestParameters).toEqual({ userName: ROOT, serialNumber: serial });
    expect((await rootPassword()).json.identity).toMatchObject({ type: 'Root', mfaUsed: false });
  });

  it('a root password changed after the first step ends the pending sign-in; wrong codes throttle', async () => {
    // A new device (the old one's replay guard is at the last sign-in's step).
    const s = await rootPassword();
    expect((await aws(s, 'DeleteVirtualMFADevice', { SerialNumber: serial })).status).toBe(200);
    const created = await aws(s, 'CreateVirtualMFADevice', { VirtualMFADeviceName: 'root-account-mfa-device' });
    seed = Buffer.from(created.json.VirtualMFADevice.Base32StringSeed, 'base64').toString('ascii');
    const step = stepAt(new Date());
    const re = await aws(s, 'EnableMFADevice', {
      UserName: ROOT,
      SerialNumber: serial,
      AuthenticationCode1: totp(seed, step - 1),
      AuthenticationCode2: totp(seed, step),
    });
    expect(re.status).toBe(200);
    enabledStep = step;
    const pending = await rootPassword();
    await setRootPassword(h, 'root-Passw0rd!2');
    expect((await send('/console/api/signin/mfa', { code: totp(seed, step + 1) }, pending.cookie)).status).toBe(401);
    await setRootPassword(h, 'root-Passw0rd!');
    expect((await send('/console/api/signin/mfa', { code: '123456' }, pending.cookie)).json.error.code).toBe('SignInExpired');

    const next = await rootPassword();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await send('/console/api/signin/mfa', { code: '000000' }, next.cookie)).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    expect((await rootPassword()).status).toBe(429);
  });
  it("root's access keys get an MFA session with the device's code (GetSessionToken), as for S3 MFA Delete", async () => {
    const sts = new STSClient(h.clientConfig());
    const code = totp(seed, Math.max(stepAt(new Date()), enabledStep + 1)); // codes up to enabledStep are used
    const denied = await sts.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: '000000' })).catch((e: Error) => e);
    expect((denied as Error).name).toBe('AccessDenied');
    const { Credentials: c } = await sts.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: code }));
    const creds = { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
    await new IAMClient(h.clientConfig(creds)).send(new GetAccountSummaryCommand({}));
    expect((await last('GetAccountSummary')).userIdentity).toMatchObject({
      type: 'Root',
      sessionContext: { attributes: { mfaAuthenticated: 'true' } },
    });
  });
});
