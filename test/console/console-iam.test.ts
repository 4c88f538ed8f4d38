import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { startServer, type RunningServer } from '../support/server.js';
import { hasChromium, launchBrowser, seriousA11yViolations } from '../support/browser.js';
import { stepAt, totp } from '../../src/identity/mfa/totp.js';

/**
 * The IAM pages in a real browser against a real `hsmtrail serve`: an operator assigns a virtual MFA
 * device to a user through the user's page (the test computes the TOTP codes from the seed the page
 * shows), that user signs in with password and code, and the event history shows it; access keys,
 * roles. Screenshots go to docs/console/ with UPDATE_SCREENSHOTS=1.
 */
const SHOTS = process.env.UPDATE_SCREENSHOTS
  ? fileURLToPath(new URL('../../docs/console/', import.meta.url))
  : `${mkdtempSync(join(tmpdir(), 'hsmtrail-shots-'))}/`;
/** Generous caps for a loaded 2-core machine: these bound a wait, they assert no timing. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 60_000, interval: 100 });
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudhsm.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

describe.skipIf(!hasChromium())('IAM console pages in Chromium', { timeout: 180_000 }, () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let seed: string;
  let enabledStep: number;
  const a11y: Record<string, unknown[]> = {};

  const rootConfig = () => ({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    maxAttempts: 1,
  });
  const events = async (name: string) => {
    const out = await new CloudTrailClient(rootConfig()).send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }], MaxResults: 50 }),
    );
    return (out.Events ?? []).map((e) => JSON.parse(e.CloudTrailEvent!));
  };
  const shot = async (name: string) => {
    await page.screenshot({ path: `${SHOTS}${name}.png` });
    a11y[name] = await seriousA11yViolations(page);
  };
  const signIn = async (user: string, password: string) => {
    await page.goto(`${server.endpoint}/console/`);
    await page.locator('[data-testid=account-id] input').fill(server.accountId);
    await page.locator('[data-testid=user-name] input').fill(user);
    await page.locator('[data-testid=password] input').fill(password);
    await page.locator('[data-testid=signin-submit]').click();
  };
  const signOut = async () => {
    await page.getByRole('button', { name: /@/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.locator('[data-testid=signin-submit]').waitFor();
  };
  const openUser = async (name: string) => {
    await page.goto(`${server.endpoint}/console/iam/users`);
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { name: 'Access keys' }).waitFor();
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    const iam = new IAMClient(rootConfig());
    const users = { operator: ['AdministratorAccess'], dana: ['ReadOnlyAccess'] };
    for (const [user, policies] of Object.entries(users)) {
      await iam.send(new CreateUserCommand({ UserName: user }));
      await iam.send(new CreateLoginProfileCommand({ UserName: user, Password: `${user}-Passw0rd!` }));
      for (const p of policies) await iam.send(new AttachUserPolicyCommand({ UserName: user, PolicyArn: `arn:aws:iam::aws:policy/${p}` }));
    }
    await iam.send(new CreateRoleCommand({ RoleName: 'hsm-backup', AssumeRolePolicyDocument: TRUST, Description: 'Backs up clusters' }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'hsm-backup', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 1000 });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("an operator assigns a virtual MFA device on the user's page: QR code and seed, then two consecutive codes", async () => {
    await signIn('operator', 'operator-Passw0rd!');
    await page.getByRole('heading', { name: /^Clusters/ }).waitFor();
    await openUser('dana');
    await page.locator('[data-testid=assign-mfa]').click();
    await page.locator('[data-testid=create-mfa]').click();
    await page.locator('[data-testid=mfa-qr]').waitFor();
    seed = (await page.locator('[data-testid=mfa-seed]').textContent())!.trim();
    expect(seed).toMatch(/^[A-Z2-7]{64}$/);
    expect(await page.locator('[data-testid=mfa-qr]').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    enabledStep = stepAt(new Date());
    await page.locator('[data-testid=mfa-code-1] input').fill(totp(seed, enabledStep - 1));
    await page.locator('[data-testid=mfa-code-2] input').fill(totp(seed, enabledStep));
    await shot('mfa-assign');
    await page.locator('[data-testid=enable-mfa]').click();
    await page.getByRole('cell', { name: `arn:aws:iam::${server.accountId}:mfa/dana`, exact: true }).waitFor();
    const [created] = await events('CreateVirtualMFADevice');
    expect(created).toMatchObject({
      sessionCredentialFromConsole: 'true',
      responseElements: { virtualMFADevice: { serialNumber: expect.any(String) } },
    });
    expect(JSON.stringify(created)).not.toContain(seed);
    expect((await events('EnableMFADevice'))[0]).toMatchObject({ requestParameters: { userName: 'dana' } });
  });

  it('creates an access key (the secret shown once) and deletes it through the page', async () => {
    await page.locator('[data-testid=create-access-key]').click();
    const id = (await page.locator('[data-testid=new-access-key-id]').textContent())!.trim();
    expect(id).toMatch(/^AKIA[A-Z0-9]{16}$/);
    expect((await page.locator('[data-testid=new-secret-key]').textContent())!.trim()).toHaveLength(40);
    await page.getByRole('cell', { name: id, exact: true }).waitFor();
    await shot('user');
    await page.getByRole('button', { name: `Deactivate ${id}` }).click();
    await page.getByRole('button', { name: `Activate ${id}` }).waitFor();
    await page.getByRole('button', { name: `Delete ${id}` }).click();
    await poll(() => page.getByRole('cell', { name: id, exact: true }).count()).toBe(0);
    expect((await events('CreateAccessKey'))[0].responseElements.accessKey).not.toHaveProperty('secretAccessKey');
    expect((await events('UpdateAccessKey'))[0].requestParameters).toMatchObject({ accessKeyId: id, status: 'Inactive' });
    expect((await events('DeleteAccessKey'))[0].requestParameters).toMatchObject({ accessKeyId: id });
  });

  it('creates a user, gives it a console password and a managed policy, then undoes both and deletes the user', async () => {
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.locator('[data-testid=create-user]').click();
    await page.locator('[data-testid=new-user-name] input').fill('temp');
    await page.locator('[data-testid=create-user-submit]').click();
    await page.getByRole('link', { name: 'temp', exact: true }).click();
    await page.getByRole('heading', { name: 'Access keys' }).waitFor();
    await poll(() => page.locator('[data-testid=password-status]').textContent()).toContain('Not enabled');
    await page.locator('[data-testid=console-password] input').fill('Temp-Passw0rd!');
    await page.locator('[data-testid=set-password]').click();
    await poll(() => page.locator('[data-testid=password-status]').textContent()).toContain('Enabled since');
    await page.locator('[data-testid=console-password] input').fill('Temp-Passw0rd-2!');
    await page.locator('[data-testid=set-password]').click();
    await poll(async () => (await events('UpdateLoginProfile')).length).toBe(1);
    await page.locator('[data-testid=attach-policy-select] button').first().click();
    await page.getByRole('option', { name: 'ReadOnlyAccess', exact: true }).click();
    await page.locator('[data-testid=attach-policy]').click();
    await page.getByRole('button', { name: 'Detach ReadOnlyAccess' }).waitFor();

    // IAM refuses to delete a user that still has a password and a policy: its DeleteConflict message shows.
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('checkbox', { name: 'Select temp' }).check();
    await page.locator('[data-testid=delete-users]').click();
    await poll(() => page.locator('[data-testid=error-alert]').textContent()).toContain(
      'Cannot delete entity, must delete login profile first.',
    );
    await page.getByRole('link', { name: 'temp', exact: true }).click();
    await page.getByRole('button', { name: 'Detach ReadOnlyAccess' }).click();
    await page.locator('[data-testid=delete-password]').click();
    await poll(() => page.locator('[data-testid=password-status]').textContent()).toContain('Not enabled');
    await poll(() => page.getByRole('button', { name: 'Detach ReadOnlyAccess' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('checkbox', { name: 'Select temp' }).check();
    await page.locator('[data-testid=delete-users]').click();
    await poll(() => page.getByRole('link', { name: 'temp', exact: true }).count()).toBe(0);
    for (const name of ['CreateLoginProfile', 'UpdateLoginProfile', 'DeleteLoginProfile', 'AttachUserPolicy', 'DetachUserPolicy']) {
      const [record] = await events(name);
      expect(record, name).toMatchObject({ sessionCredentialFromConsole: 'true', requestParameters: { userName: 'temp' } });
    }
    expect(JSON.stringify(await events('CreateLoginProfile'))).not.toContain('Temp-Passw0rd!');
    expect((await events('DeleteUser')).map((r) => r.errorCode ?? 'ok')).toEqual(['ok', 'DeleteConflict']);
  });

  it("lists roles and shows a role's trust policy and attached policies", async () => {
    await page.getByRole('link', { name: 'Roles' }).click();
    await page.getByRole('link', { name: 'hsm-backup' }).waitFor();
    await shot('roles');
    await page.getByRole('link', { name: 'hsm-backup' }).click();
    await poll(() => page.locator('[data-testid=trust-policy]').textContent()).toContain('cloudhsm.amazonaws.com');
    await page.getByRole('cell', { name: 'ReadOnlyAccess', exact: true }).waitFor();
    await shot('role');
    await signOut();
  });

  it('the user signs in with password then MFA code; a wrong code records Failure, the right one MFAUsed "Yes"', async () => {
    await signIn('dana', 'dana-Passw0rd!');
    await page.locator('[data-testid=mfa-code]').waitFor();
    await page.locator('[data-testid=mfa-code] input').fill('000000');
    await shot('signin-mfa');
    await page.locator('[data-testid=mfa-submit]').click();
    await poll(() => page.locator('[data-testid=error-alert]').textContent()).toContain('Your authentication information is incorrect');
    await poll(async () => (await events('ConsoleLogin')).some((r) => r.responseElements.ConsoleLogin === 'Failure')).toBe(true);
    const failure = (await events('ConsoleLogin')).find((r) => r.responseElements.ConsoleLogin === 'Failure');
    expect(failure).toMatchObject({
      errorMessage: 'Failed authentication',
      userIdentity: { userName: 'dana' },
      additionalEventData: { MFAUsed: 'Yes' },
    });

    // A code newer than those that enabled the device (one step of skew either way is allowed).
    const now = stepAt(new Date());
    await page.locator('[data-testid=mfa-code] input').fill(totp(seed, Math.max(now, enabledStep + 1)));
    await page.locator('[data-testid=mfa-submit]').click();
    await page.getByRole('button', { name: `dana @ ${server.accountId}` }).waitFor();
    const success = (await events('ConsoleLogin')).find(
      (r) => r.responseElements.ConsoleLogin === 'Success' && r.userIdentity.userName === 'dana',
    );
    expect(success.additionalEventData).toEqual({
      LoginTo: `${server.endpoint}/console/`,
      MobileVersion: 'No',
      MFAIdentifier: `arn:aws:iam::${server.accountId}:mfa/dana`,
      MFAUsed: 'Yes',
    });

    await page.goto(`${server.endpoint}/console/iam/users`);
    await page.getByRole('link', { name: 'operator', exact: true }).waitFor();
    const listed = (await events('ListUsers')).find((r) => r.userIdentity.userName === 'dana');
    expect(listed).toMatchObject({
      sessionCredentialFromConsole: 'true',
      userIdentity: { sessionContext: { attributes: { mfaAuthenticated: 'true' } } },
    });
  });

  it("the operator removes the user's MFA device (deactivate, then delete); the user signs in with the password alone again", async () => {
    await signOut();
    await signIn('operator', 'operator-Passw0rd!');
    await page.getByRole('heading', { name: /^Clusters/ }).waitFor();
    await openUser('dana');
    const serial = `arn:aws:iam::${server.accountId}:mfa/dana`;
    await page.getByRole('button', { name: `Remove ${serial}` }).click();
    await poll(() => page.getByRole('cell', { name: serial, exact: true }).count()).toBe(0);
    expect((await events('DeactivateMFADevice'))[0]).toMatchObject({ requestParameters: { userName: 'dana', serialNumber: serial } });
    expect((await events('DeleteVirtualMFADevice'))[0]).toMatchObject({ requestParameters: { serialNumber: serial } });
    await signOut();
    await signIn('dana', 'dana-Passw0rd!');
    await page.getByRole('button', { name: `dana @ ${server.accountId}` }).waitFor();
  });

  it('has no serious or critical accessibility violation on any new page (axe-core)', () => {
    expect(Object.keys(a11y).sort()).toEqual(['mfa-assign', 'role', 'roles', 'signin-mfa', 'user']);
    expect(a11y, JSON.stringify(a11y)).toEqual(Object.fromEntries(Object.keys(a11y).map((k) => [k, []])));
  });
});
