import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IAMClient, AttachUserPolicyCommand, CreateLoginProfileCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { gatewayHarness, type GatewayHarness } from '../../test/support/gateway.js';
import type { ConsoleRequest } from './console.js';
import { setRootPassword } from '../../test/support/admin.js';

/** The console backend in-process: sign-in, session cookie, CSRF, console actions through the gateway, sign-out. */
describe('console backend', () => {
  let h: GatewayHarness;
  const BROWSER = { sourceIp: '198.51.100.7', ua: 'Mozilla/5.0 (X11; Linux x86_64) console-test' };

  const send = async (
    method: string,
    path: string,
    opts: { body?: unknown; cookie?: string; csrf?: string; origin?: string; ip?: string } = {},
  ) => {
    const headers: ConsoleRequest['headers'] = { host: '127.0.0.1:4599', 'user-agent': BROWSER.ua, 'content-type': 'application/json' };
    if (opts.cookie) headers.cookie = opts.cookie;
    if (opts.csrf) headers['x-csrf-token'] = opts.csrf;
    if (opts.origin) headers.origin = opts.origin;
    const res = await h.app.console.handle({
      method,
      path,
      headers,
      body: Buffer.from(opts.body === undefined ? '' : JSON.stringify(opts.body)),
      sourceIp: opts.ip ?? BROWSER.sourceIp,
    });
    const text = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : '';
    return { status: res.status, headers: res.headers, json: text.startsWith('{') ? JSON.parse(text) : undefined };
  };
  const signIn = async (userName: string, password: string, ip?: string) => {
    const res = await send('POST', '/console/api/signin', {
      body: { accountId: h.accountId, userName, password },
      origin: 'http://127.0.0.1:4599',
      ip,
    });
    const cookie = /^(hsmtrail-console=[^;]+)/.exec(res.headers['set-cookie'] ?? '')?.[1];
    return { ...res, cookie };
  };
  const logins = () => h.records().filter((r) => r.eventName === 'ConsoleLogin');

  beforeAll(async () => {
    h = await gatewayHarness();
    const iam = new IAMClient(h.clientConfig());
    for (const [user, policy] of [
      ['alice', 'AWSCloudHSMFullAccess'],
      ['reader', 'ReadOnlyAccess'],
      ['mallory', 'ReadOnlyAccess'],
    ] as const) {
      await iam.send(new CreateUserCommand({ UserName: user }));
      await iam.send(new CreateLoginProfileCommand({ UserName: user, Password: `${user}-Passw0rd!` }));
      await iam.send(new AttachUserPolicyCommand({ UserName: user, PolicyArn: `arn:aws:iam::aws:policy/${policy}` }));
    }
  });
  afterAll(() => h.close());

  it('signs an IAM user in: httpOnly SameSite=Strict cookie, a ConsoleLogin Success record, no secret to the page', async () => {
    const res = await signIn('alice', 'alice-Passw0rd!');
    expect(res.status).toBe(200);
    expect(res.headers['set-cookie']).toMatch(/^hsmtrail-console=[\w-]{43}; Path=\/console; HttpOnly; SameSite=Strict; Max-Age=4319\d/);
    expect(res.headers['set-cookie']).not.toContain('Secure');
    expect(JSON.stringify(res.json)).not.toMatch(/ASIA|secret|IQoJ/i);
    expect(res.json.identity).toMatchObject({ type: 'IAMUser', userName: 'alice', accountId: h.accountId });
    const rec = logins().at(-1)!;
    expect(rec).toMatchObject({
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      eventType: 'AwsConsoleSignIn',
      sourceIPAddress: BROWSER.sourceIp,
      userAgent: BROWSER.ua,
      requestParameters: null,
      responseElements: { ConsoleLogin: 'Success' },
      additionalEventData: { LoginTo: 'http://127.0.0.1:4599/console/', MobileVersion: 'No', MFAUsed: 'No' },
      managementEvent: true,
      eventCategory: 'Management',
      recipientAccountId: h.accountId,
      userIdentity: {
        type: 'IAMUser',
        arn: `arn:aws:iam::${h.accountId}:user/alice`,
        accountId: h.accountId,
        accessKeyId: '',
        userName: 'alice',
      },
    });
    expect(rec.userIdentity.principalId).toMatch(/^AIDA/);
    expect(rec).not.toHaveProperty('errorMessage');
    expect(rec).not.toHaveProperty('requestID');
  });

  it('lets a console session call IAM, which GetSessionToken credentials without MFA may not', async () => {
    const s = await signIn('reader', 'reader-Passw0rd!');
    const res = await send('POST', '/console/api/aws/iam/ListPolicies', {
      body: { Scope: 'AWS' },
      cookie: s.cookie,
      csrf: s.json.csrfToken,
    });
    expect(res.status).toBe(200);
    expect(res.json.Policies.map((p: { PolicyName: string }) => p.PolicyName)).toContain('ReadOnlyAccess');
  });

  it('runs console actions through the gateway with the session credentials, marked sessionCredentialFromConsole', async () => {
    const s = await signIn('alice', 'alice-Passw0rd!');
    const me = await send('POST', '/console/api/aws/sts/GetCallerIdentity', { body: {}, cookie: s.cookie, csrf: s.json.csrfToken });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ Account: h.accountId, Arn: `arn:aws:iam::${h.accountId}:user/alice` });
    const rec = h
      .records()
      .filter((r) => r.eventName === 'GetCallerIdentity')
      .at(-1)!;
    expect(rec.sessionCredentialFromConsole).toBe('true');
    expect(rec.sourceIPAddress).toBe(BROWSER.sourceIp);
    expect(rec.userAgent).toBe(BROWSER.ua);
    expect(rec.userIdentity).toMatchObject({
      type: 'IAMUser',
      userName: 'alice',
      sessionContext: { attributes: { mfaAuthenticated: 'false' } },
    });
    expect(rec.userIdentity.accessKeyId).toMatch(/^ASIA/);
    expect(rec.userIdentity.sessionContext.attributes.creationDate).toBe(s.json.signedInAt.replace(/\.\d{3}Z$/, 'Z'));
    // A call with long-term keys carries no console mark.
    await new STSClient(h.clientConfig()).send(new GetCallerIdentityCommand({}));
    expect(h.records().at(-1)).not.toHaveProperty('sessionCredentialFromConsole');
  });

  it('refuses a POST without the session CSRF token, and a cross-origin one', async () => {
    const s = await signIn('alice', 'alice-Passw0rd!');
    expect((await send('POST', '/console/api/aws/sts/GetCallerIdentity', { body: {}, cookie: s.cookie })).status).toBe(403);
    expect(
      (await send('POST', '/console/api/aws/sts/GetCallerIdentity', { body: {}, cookie: s.cookie, csrf: 'x'.repeat(32) })).status,
    ).toBe(403);
    const cross = await send('POST', '/console/api/aws/sts/GetCallerIdentity', {
      body: {},
      cookie: s.cookie,
      csrf: s.json.csrfToken,
      origin: 'http://evil.example',
    });
    expect(cross.status).toBe(403);
    expect((await send('POST', '/console/api/aws/sts/GetCallerIdentity', { body: {}, csrf: s.json.csrfToken })).status).toBe(401);
  });

  it('answers an unknown service or action with InvalidAction and never reaches the gateway', async () => {
    const s = await signIn('alice', 'alice-Passw0rd!');
    const before = h.records().length;
    for (const path of ['/console/api/aws/kms/ListKeys', '/console/api/aws/sts/NoSuchThing', '/console/api/aws/sts/constructor']) {
      const res = await send('POST', path, { body: {}, cookie: s.cookie, csrf: s.json.csrfToken });
      expect(res.status, path).toBe(400);
      expect(res.json.error.code).toBe('InvalidAction');
    }
    expect(h.records().length).toBe(before);
  });

  it("shows AWS's AccessDenied message for a read-only user and records the call with its errorCode", async () => {
    const s = await signIn('reader', 'reader-Passw0rd!');
    const res = await send('POST', '/console/api/aws/cloudhsmv2/CreateCluster', {
      body: { HsmType: 'hsm2m.medium', SubnetIds: ['subnet-00000000000000000'] },
      cookie: s.cookie,
      csrf: s.json.csrfToken,
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('AccessDeniedException');
    expect(res.json.error.message).toContain(
      `arn:aws:iam::${h.accountId}:user/reader is not authorized to perform: cloudhsm:CreateCluster`,
    );
    const rec = h
      .records()
      .filter((r) => r.eventName === 'CreateCluster')
      .at(-1)!;
    expect(rec).toMatchObject({
      errorCode: 'AccessDeniedException',
      sessionCredentialFromConsole: 'true',
      sourceIPAddress: BROWSER.sourceIp,
    });
  });

  it('records failed sign-ins: wrong password, unknown user (name hidden), root without a console password', async () => {
    expect((await signIn('alice', 'wrong-password')).status).toBe(401);
    expect(logins().at(-1)).toMatchObject({
      errorMessage: 'Failed authentication',
      responseElements: { ConsoleLogin: 'Failure' },
      userIdentity: { type: 'IAMUser', accountId: h.accountId, accessKeyId: '', userName: 'alice' },
    });
    expect((await signIn('nobody', 'whatever-pw')).status).toBe(401);
    expect(logins().at(-1)!.userIdentity).toEqual({
      type: 'IAMUser',
      accountId: h.accountId,
      accessKeyId: '',
      userName: 'HIDDEN_DUE_TO_SECURITY_REASONS',
    });
    expect((await signIn('', 'root-password-1')).status).toBe(401);
    expect(logins().at(-1)).toMatchObject({
      userIdentity: { type: 'Root', principalId: h.accountId, arn: `arn:aws:iam::${h.accountId}:root` },
      responseElements: { ConsoleLogin: 'Failure' },
    });
  });

  it('signs the root user in with the operator-set console password (a 1-hour session)', async () => {
    await setRootPassword(h, 'root-password-1');
    const s = await signIn('', 'root-password-1');
    expect(s.status).toBe(200);
    expect(s.headers['set-cookie']).toMatch(/Max-Age=3[56]\d\d/);
    expect(logins().at(-1)).toMatchObject({
      userIdentity: { type: 'Root', accountId: h.accountId, accessKeyId: '' },
      responseElements: { ConsoleLogin: 'Success' },
    });
    const me = await send('POST', '/console/api/aws/sts/GetCallerIdentity', { body: {}, cookie: s.cookie, csrf: s.json.csrfToken });
    expect(me.json.Arn).toBe(`arn:aws:iam::${h.accountId}:root`);
    expect(h.records().at(-1)!.userIdentity).toMatchObject({ type: 'Root', sessionContext: { attributes: { mfaAuthenticated: 'false' } } });
  });

  it('throttles failed sign-ins per user, still recording each refused attempt', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn('mallory', 'bad-guess', `203.0.113.${i}`)).status).toBe(401);
    const before = logins().length;
    const refused = await signIn('mallory', 'mallory-Passw0rd!', '203.0.113.99');
    expect(refused.status).toBe(429);
    expect(logins().length).toBe(before + 1);
    expect(logins().at(-1)).toMatchObject({
      responseElements: { ConsoleLogin: 'Failure' },
      errorMessage: 'Failed authentication',
      sourceIPAddress: '203.0.113.99',
    });
  });

  it('throttles failed sign-ins per source IP across user names', async () => {
    for (let i = 0; i < 20; i++) await signIn(`spray${i}`, 'guess', '192.0.2.50');
    expect((await signIn('reader', 'reader-Passw0rd!', '192.0.2.50')).status).toBe(429);
    expect((await signIn('reader', 'reader-Passw0rd!', '192.0.2.51')).status).toBe(200);
  });

  it('finds ConsoleLogin events with LookupEvents (a read-only user; AWSCloudHSMFullAccess alone may not)', async () => {
    const s = await signIn('reader', 'reader-Passw0rd!');
    const res = await send('POST', '/console/api/aws/cloudtrail/LookupEvents', {
      body: { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'ConsoleLogin' }], MaxResults: 50 },
      cookie: s.cookie,
      csrf: s.json.csrfToken,
    });
    expect(res.status).toBe(200);
    expect(res.json.Events.length).toBeGreaterThan(3);
    expect(JSON.parse(res.json.Events[0].CloudTrailEvent)).toMatchObject({ eventType: 'AwsConsoleSignIn' });
  });

  it('sign-out ends the session on the server: the old cookie and the session credentials stop working', async () => {
    const s = await signIn('alice', 'alice-Passw0rd!');
    await send('POST', '/console/api/aws/sts/GetCallerIdentity', { body: {}, cookie: s.cookie, csrf: s.json.csrfToken });
    const asia = h.records().at(-1)!.userIdentity.accessKeyId as string;
    const sessions = () => h.app.db.prepare('SELECT count(*) FROM iam_sessions WHERE access_key_id = ?').pluck().get(asia);
    expect(sessions()).toBe(1);
    const out = await send('POST', '/console/api/signout', { body: {}, cookie: s.cookie, csrf: s.json.csrfToken });
    expect(out.status).toBe(200);
    expect(out.headers['set-cookie']).toContain('Max-Age=0');
    expect((await send('GET', '/console/api/session', { cookie: s.cookie })).status).toBe(401);
    expect(
      (await send('POST', '/console/api/aws/sts/GetCallerIdentity', { body: {}, cookie: s.cookie, csrf: s.json.csrfToken })).status,
    ).toBe(401);
    expect(sessions()).toBe(0);
  });

  it('expires a session after its 12 hours: the cookie is refused from then on', async () => {
    const s = await signIn('reader', 'reader-Passw0rd!');
    const expiresAt = Date.parse(s.json.expiresAt);
    expect(expiresAt - Date.now()).toBeGreaterThan(12 * 3600_000 - 60_000);
    const whoAmI = () => send('POST', '/console/api/aws/sts/GetCallerIdentity', { body: {}, cookie: s.cookie, csrf: s.json.csrfToken });
    // Only Date is faked: the store's and the gateway's I/O keep their real timers.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(expiresAt - 60_000);
      expect((await send('GET', '/console/api/session', { cookie: s.cookie })).status).toBe(200);
      expect((await whoAmI()).status).toBe(200);
      vi.setSystemTime(expiresAt);
      expect((await send('GET', '/console/api/session', { cookie: s.cookie })).status).toBe(401);
      const late = await whoAmI();
      expect(late.status).toBe(401);
      expect(late.json.error.code).toBe('NotSignedIn');
    } finally {
      vi.useRealTimers();
    }
  });

  it('marks the cookie Secure and records tlsDetails when the browser connection is TLS', async () => {
    const tls = { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: '127.0.0.1:4599' };
    const body = Buffer.from(JSON.stringify({ accountId: h.accountId, userName: 'alice', password: 'alice-Passw0rd!' }));
    const headers = { host: '127.0.0.1:4599', origin: 'https://127.0.0.1:4599', 'content-type': 'application/json' };
    const res = await h.app.console.handle({ method: 'POST', path: '/console/api/signin', headers, body, sourceIp: BROWSER.sourceIp, tls });
    expect(res.status).toBe(200);
    expect(res.headers['set-cookie']).toMatch(/; Secure$/);
    expect(logins().at(-1)).toMatchObject({ tlsDetails: tls, additionalEventData: { LoginTo: 'https://127.0.0.1:4599/console/' } });
  });

  it('a new sign-in from the same browser ends the session its old cookie named', async () => {
    const first = await signIn('alice', 'alice-Passw0rd!');
    const again = await send('POST', '/console/api/signin', {
      body: { accountId: h.accountId, userName: 'alice', password: 'alice-Passw0rd!' },
      origin: 'http://127.0.0.1:4599',
      cookie: first.cookie,
    });
    expect(again.status).toBe(200);
    expect((await send('GET', '/console/api/session', { cookie: first.cookie })).status).toBe(401);
  });

  it('serves the SPA shell for client routes, never files outside the app directory', async () => {
    const res = await send('GET', '/console/%2e%2e/%2e%2e/package.json');
    expect([200, 503]).toContain(res.status);
    expect(res.json).toBeUndefined();
    expect((await send('GET', '/console/assets/missing.js')).status).toBe(404);
  });
});
