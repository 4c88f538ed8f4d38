import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  PutUserPolicyCommand,
  UpdateLoginProfileCommand,
} from '@aws-sdk/client-iam';
import { gatewayHarness, type GatewayHarness } from '../../test/support/gateway.js';
import { stepAt, totp } from '../identity/mfa/totp.js';
import type { ConsoleRequest } from './console.js';

/** Console sign-in with a virtual MFA device: password, then a code, as a server-side pending sign-in. */
describe('console sign-in with MFA', () => {
  let h: GatewayHarness;
  let serial: string;
  let seed: string;
  let enabledStep: number;
  const ORIGIN = 'http://127.0.0.1:4599';

  const send = async (path: string, body: unknown, cookie?: string, csrf?: string) => {
    const headers: ConsoleRequest['headers'] = { host: '127.0.0.1:4599', 'user-agent': 'mfa-test', origin: ORIGIN };
    if (cookie) headers.cookie = cookie;
    if (csrf) headers['x-csrf-token'] = csrf;
    const res = await h.app.console.handle({
      method: 'POST',
      path,
      headers,
      body: Buffer.from(JSON.stringify(body)),
      sourceIp: '198.51.100.9',
    });
    const text = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : '';
    const cookieOut = /^([\w-]+=[^;]+)/.exec(res.headers['set-cookie'] ?? '')?.[1];
    return { status: res.status, setCookie: res.headers['set-cookie'] ?? '', cookie: cookieOut, json: JSON.parse(text) };
  };
  const password = (userName = 'mfa-user') =>
    send('/console/api/signin', { accountId: h.accountId, userName, password: 'mfa-user-Passw0rd!' });
  const logins = () => h.records().filter((r) => r.eventName === 'ConsoleLogin');
  const listUsers = (s: { cookie?: string; json: { csrfToken: string } }) =>
    send('/console/api/aws/iam/ListUsers', {}, s.cookie, s.json.csrfToken);

  beforeAll(async () => {
    h = await gatewayHarness();
    const iam = new IAMClient(h.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: 'mfa-user' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'mfa-user', Password: 'mfa-user-Passw0rd!' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
      ],
    };
    await iam.send(new PutUserPolicyCommand({ UserName: 'mfa-user', PolicyName: 'mfa-only', PolicyDocument: JSON.stringify(policy) }));
  });
  afterAll(() => h.close());

  it('without a device: one step, and the MFA-only policy denies the session', async () => {
    const s = await password();
    expect(s.status).toBe(200);
    expect(s.json.identity.mfaUsed).toBe(false);
    const denied = await listUsers(s);
    expect(denied.status).toBe(403);
    expect(denied.json.error.code).toBe('AccessDenied');
  });

  it('with a device: the password answers mfaRequired with only a pending cookie; a wrong code is a recorded Failure', async () => {
    const iam = new IAMClient(h.clientConfig());
    const { VirtualMFADevice: d } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'mfa-user' }));
    serial = d!.SerialNumber!;
    seed = Buffer.from(d!.Base32StringSeed!).toString('ascii');
    enabledStep = stepAt(new Date());
    const codes = { AuthenticationCode1: totp(seed, enabledStep - 1), AuthenticationCode2: totp(seed, enabledStep) };
    await iam.send(new EnableMFADeviceCommand({ UserName: 'mfa-user', SerialNumber: serial, ...codes }));

    const before = logins().length;
    const first = await password();
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ mfaRequired: true });
    expect(first.setCookie).toMatch(
      /^hsmtrail-console-mfa=[\w-]{43}; Path=\/console\/api\/signin; HttpOnly; SameSite=Strict; Max-Age=(299|300)$/,
    );
    expect(logins().length).toBe(before); // nothing is signed in yet

    const wrong = await send('/console/api/signin/mfa', { code: totp(seed, enabledStep - 5) }, first.cookie);
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('AuthFailure');
    expect(logins().at(-1)).toMatchObject({
      errorMessage: 'Failed authentication',
      responseElements: { ConsoleLogin: 'Failure' },
      additionalEventData: { MFAUsed: 'Yes' },
      userIdentity: { type: 'IAMUser', userName: 'mfa-user' },
    });

    // A code newer than those that enabled the device (one step of skew either way is allowed).
    const fresh = totp(seed, Math.max(stepAt(new Date()), enabledStep + 1));
    const ok = await send('/console/api/signin/mfa', { code: fresh }, first.cookie);
    expect(ok.status).toBe(200);
    expect(ok.setCookie).toMatch(/^hsmtrail-console=/);
    expect(ok.json.identity).toMatchObject({ userName: 'mfa-user', mfaUsed: true });
    expect(logins().at(-1)).toMatchObject({
      responseElements: { ConsoleLogin: 'Success' },
      additionalEventData: { LoginTo: `${ORIGIN}/console/`, MobileVersion: 'No', MFAIdentifier: serial, MFAUsed: 'Yes' },
    });
    expect(JSON.stringify(h.records())).not.toContain(seed);

    // The MFA session passes the aws:MultiFactorAuthPresent condition, and its calls say so.
    const listed = await listUsers(ok);
    expect(listed.status).toBe(200);
    const call = h
      .records()
      .filter((r) => r.eventName === 'ListUsers')
      .at(-1)!;
    expect(call.userIdentity.sessionContext.attributes.mfaAuthenticated).toBe('true');
    expect(call.sessionCredentialFromConsole).toBe('true');

    // The pending sign-in was used once; the same code again is refused too.
    const again = await send('/console/api/signin/mfa', { code: fresh }, first.cookie);
    expect(again.status).toBe(401);
    expect(again.json.error.code).toBe('SignInExpired');
    const replay = await send('/console/api/signin/mfa', { code: fresh }, (await password()).cookie);
    expect(replay.json.error.code).toBe('AuthFailure');
  });

  it('ends a pending sign-in whose password changed after the first step', async () => {
    const pending = await password();
    await new IAMClient(h.clientConfig()).send(new UpdateLoginProfileCommand({ UserName: 'mfa-user', Password: 'mfa-user-Passw0rd!2' }));
    const late = await send('/console/api/signin/mfa', { code: totp(seed, stepAt(new Date()) + 1) }, pending.cookie);
    expect(late.status).toBe(401);
    await new IAMClient(h.clientConfig()).send(new UpdateLoginProfileCommand({ UserName: 'mfa-user', Password: 'mfa-user-Passw0rd!' }));
    expect((await send('/console/api/signin/mfa', { code: '123456' }, pending.cookie)).json.error.code).toBe('SignInExpired');
  });

  it('throttles wrong codes like wrong passwords, still recording each refused attempt', async () => {
    const pending = await password();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await send('/console/api/signin/mfa', { code: '000000' }, pending.cookie)).status);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    expect(logins().at(-1)).toMatchObject({ responseElements: { ConsoleLogin: 'Failure' }, additionalEventData: { MFAUsed: 'Yes' } });
    expect((await password()).status).toBe(429);
  });
});
