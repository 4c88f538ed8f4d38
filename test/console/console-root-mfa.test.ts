import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import { startServer, type RunningServer } from '../support/server.js';
import { hasChromium, launchBrowser, seriousA11yViolations } from '../support/browser.js';
import { run } from '../support/tools.js';
import { stepAt, totp } from '../../src/identity/mfa/totp.js';

/**
 * The root user's MFA in a real browser against a real `hsmtrail serve`: the root user assigns its
 * own virtual MFA device on "Security credentials" (the test computes the codes from the seed the
 * page shows), then signs in with password and code; the event history shows both as CloudTrail
 * records them. The operator's recovery, `hsmtrail console root-mfa remove`, runs through its real
 * entry. Screenshots go to docs/console/ with UPDATE_SCREENSHOTS=1.
 */
const SHOTS = process.env.UPDATE_SCREENSHOTS
  ? fileURLToPath(new URL('../../docs/console/', import.meta.url))
  : `${mkdtempSync(join(tmpdir(), 'hsmtrail-shots-'))}/`;
const BIN = resolve(import.meta.dirname, '../../bin/hsmtrail.js');
/** Generous caps for a loaded 2-core machine: these bound a wait, they assert no timing. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 60_000, interval: 100 });
const PASSWORD = 'Root-console-pw-1';

describe.skipIf(!hasChromium())('root user MFA in Chromium', { timeout: 180_000 }, () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let seed: string;
  let enabledStep: number;
  let serial: string;
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
  const rootPassword = async () => {
    await page.goto(`${server.endpoint}/console/`);
    await page.getByLabel('Root user').check();
    await page.locator('[data-testid=account-id] input').fill(server.accountId);
    await page.locator('[data-testid=password] input').fill(PASSWORD);
    await page.locator('[data-testid=signin-submit]').click();
  };
  const signedIn = () => page.getByRole('button', { name: `root @ ${server.accountId}` }).waitFor();
  const signOut = async () => {
    await page.getByRole('button', { name: /@/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.locator('[data-testid=signin-submit]').waitFor();
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    const set = await run(process.execPath, [BIN, 'console', 'set-root-password'], server.awsEnv(), `${PASSWORD}\n`);
    expect(set.status, set.stderr).toBe(0);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 1000 });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the root user assigns its own virtual MFA device on Security credentials', async () => {
    await rootPassword();
    await signedIn();
    await page.getByRole('button', { name: `root @ ${server.accountId}` }).click();
    await page.getByRole('menuitem', { name: 'Security credentials' }).click();
    await page.getByRole('heading', { name: 'My security credentials' }).waitFor();
    await page.locator('[data-testid=assign-mfa]').click();
    expect(await page.locator('[data-testid=mfa-device-name] input').inputValue()).toBe('root-account-mfa-device');
    await page.locator('[data-testid=create-mfa]').click();
    await page.locator('[data-testid=mfa-qr]').waitFor();
    seed = (await page.locator('[data-testid=mfa-seed]').textContent())!.trim();
    enabledStep = stepAt(new Date());
    await page.locator('[data-testid=mfa-code-1] input').fill(totp(seed, enabledStep - 1));
    await page.locator('[data-testid=mfa-code-2] input').fill(totp(seed, enabledStep));
    await page.locator('[data-testid=enable-mfa]').click();
    serial = `arn:aws:iam::${server.accountId}:mfa/root-account-mfa-device`;
    await page.getByRole('cell', { name: serial, exact: true }).waitFor();
    await shot('root-security-credentials');

    expect((await events('EnableMFADevice'))[0]).toMatchObject({
      userIdentity: { type: 'Root', arn: `arn:aws:iam::${server.accountId}:root` },
      requestParameters: { userName: 'AWS ROOT USER', serialNumber: serial },
      sessionCredentialFromConsole: 'true',
    });
    const summary = await new IAMClient(rootConfig()).send(new GetAccountSummaryCommand({}));
    expect(summary.SummaryMap!.AccountMFAEnabled).toBe(1);
    await signOut();
  });

  it('root sign-in then asks for the code: a wrong one records Failure, the right one MFAUsed "Yes"', async () => {
    await rootPassword();
    await page.locator('[data-testid=mfa-code]').waitFor();
    await page.locator('[data-testid=mfa-code] input').fill('000000');
    await page.locator('[data-testid=mfa-submit]').click();
    await poll(() => page.locator('[data-testid=error-alert]').textContent()).toContain('Your authentication information is incorrect');
    const failure = (await events('ConsoleLogin')).find((r) => r.responseElements.ConsoleLogin === 'Failure');
    expect(failure).toMatchObject({
      errorMessage: 'Failed authentication',
      userIdentity: { type: 'Root', accessKeyId: '' },
      additionalEventData: { MFAUsed: 'Yes' },
    });

    await page.locator('[data-testid=mfa-code] input').fill(totp(seed, Math.max(stepAt(new Date()), enabledStep + 1)));
    await page.locator('[data-testid=mfa-submit]').click();
    await signedIn();
    const success = (await events('ConsoleLogin')).find((r) => r.responseElements.ConsoleLogin === 'Success');
    expect(success).toMatchObject({
      userIdentity: { type: 'Root', principalId: server.accountId, arn: `arn:aws:iam::${server.accountId}:root`, accessKeyId: '' },
      additionalEventData: { LoginTo: `${server.endpoint}/console/`, MobileVersion: 'No', MFAIdentifier: serial, MFAUsed: 'Yes' },
    });
    await page.goto(`${server.endpoint}/console/iam/users`);
    await poll(async () => (await events('ListUsers')).length).toBeGreaterThan(0);
    expect((await events('ListUsers'))[0]).toMatchObject({
      userIdentity: { type: 'Root', sessionContext: { attributes: { mfaAuthenticated: 'true' } } },
    });
    await signOut();
  });

  it('`hsmtrail console root-mfa remove` takes a lost device away (recorded); root signs in with the password alone', async () => {
    const removed = await run(process.execPath, [BIN, 'console', 'root-mfa', 'remove'], server.awsEnv());
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stdout.trim()).toBe(`removed ${serial}`);
    expect((await events('RemoveRootMFADevices'))[0]).toMatchObject({
      eventSource: 'hsmtrail.local',
      userIdentity: { type: 'Root' },
      responseElements: { serialNumbers: [serial] },
    });
    const again = await run(process.execPath, [BIN, 'console', 'root-mfa', 'remove', '--serial-number', serial], server.awsEnv());
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('NoSuchEntity');
    await rootPassword();
    await signedIn();
  });

  it('has no serious or critical accessibility violation on the new page (axe-core)', () => {
    expect(Object.keys(a11y)).toEqual(['root-security-credentials']);
    expect(a11y, JSON.stringify(a11y)).toEqual({ 'root-security-credentials': [] });
  });
});
