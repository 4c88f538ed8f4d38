import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CloudTrailClient, CreateTrailCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import {
  AttachUserPolicyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { startServer, type RunningServer } from '../support/server.js';
import { hasChromium, launchBrowser, seriousA11yViolations } from '../support/browser.js';
import { hasTool, run } from '../support/tools.js';
import { makeCa, pem, signCsr } from '../conformance/cloudhsm-helpers.js';

/**
 * The console in a real browser (Debian's Chromium via playwright-core) against a real `hsmtrail serve`:
 * every page is driven as a user would, and what it did is checked in the event history with the
 * root user's own SDK client. Screenshots of each page go to docs/console/.
 */
// The committed screenshots are refreshed on request (UPDATE_SCREENSHOTS=1); a plain run writes them to a
// temporary folder, so every run still renders each page and the checkout stays clean.
const SHOTS = process.env.UPDATE_SCREENSHOTS
  ? fileURLToPath(new URL('../../docs/console/', import.meta.url))
  : `${mkdtempSync(join(tmpdir(), 'hsmtrail-shots-'))}/`;
const BIN = resolve(import.meta.dirname, '../../bin/hsmtrail.js');
/** Generous caps for a loaded 2-core machine: these bound a wait, they assert no timing. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 60_000, interval: 100 });

describe.skipIf(!hasChromium() || !hasTool('openssl', ['version']))('web console in Chromium', { timeout: 180_000 }, () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let clusterId: string;
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

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    const iam = new IAMClient(rootConfig());
    const users = { operator: ['AWSCloudHSMFullAccess', 'ReadOnlyAccess'], auditor: ['ReadOnlyAccess'] };
    for (const [user, policies] of Object.entries(users)) {
      await iam.send(new CreateUserCommand({ UserName: user }));
      await iam.send(new CreateLoginProfileCommand({ UserName: user, Password: `${user}-Passw0rd!` }));
      for (const p of policies) await iam.send(new AttachUserPolicyCommand({ UserName: user, PolicyArn: `arn:aws:iam::aws:policy/${p}` }));
      // The create page lists subnets with EC2 (hsmtrail's ReadOnlyAccess covers only the services it hosts);
      // activating a cluster is hsmtrail's own admin action.
      const network = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'hsmtrail:ActivateCluster'], Resource: '*' }],
      };
      await iam.send(new PutUserPolicyCommand({ UserName: user, PolicyName: 'network-read', PolicyDocument: JSON.stringify(network) }));
    }
    browser = await launchBrowser();
    page = await browser.context.newPage();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('is linked from the start-up banner and from /', async () => {
    expect(server.output()).toContain(`console: ${server.endpoint}/console/`);
    await page.goto(`${server.endpoint}/`);
    await page.getByRole('link', { name: 'Open the console' }).click();
    await page.locator('[data-testid=signin-submit]').waitFor();
    expect(page.url()).toBe(`${server.endpoint}/console/`);
  });

  it('a wrong password shows the sign-in error and records ConsoleLogin Failure', async () => {
    await signIn('operator', 'not-the-password');
    await poll(() => page.locator('[data-testid=error-alert]').textContent()).toContain('Your authentication information is incorrect');
    await shot('signin-failed');
    const failure = (await events('ConsoleLogin')).find((r) => r.responseElements?.ConsoleLogin === 'Failure');
    expect(failure).toMatchObject({
      eventType: 'AwsConsoleSignIn',
      errorMessage: 'Failed authentication',
      userIdentity: { type: 'IAMUser', userName: 'operator' },
      sourceIPAddress: '127.0.0.1',
    });
    expect(failure.userAgent).toContain('Chrome');
  });

  it('signs in as an IAM user and lists clusters', async () => {
    await signIn('operator', 'operator-Passw0rd!');
    await page.getByRole('heading', { name: /^Clusters/ }).waitFor();
    await shot('clusters-empty');
    const success = (await events('ConsoleLogin')).find((r) => r.responseElements?.ConsoleLogin === 'Success');
    expect(success).toMatchObject({
      userIdentity: { type: 'IAMUser', userName: 'operator', accessKeyId: '' },
      additionalEventData: { MobileVersion: 'No', MFAUsed: 'No' },
    });
  });

  it('creates a cluster from subnets EC2 lists and shows its state change live', async () => {
    await page.locator('[data-testid=create-cluster]').click();
    await page.getByRole('heading', { name: 'Create cluster' }).waitFor();
    const subnetPickers = page.locator('[data-testid^=subnet-]');
    await poll(() => subnetPickers.count()).toBeGreaterThan(1);
    for (const i of [0, 1]) {
      await subnetPickers.nth(i).locator('button').first().click();
      await page
        .getByRole('option')
        .filter({ hasText: /^subnet-/ })
        .first()
        .click();
    }
    await page.locator('[data-testid=retention] input').fill('30');
    await page.getByRole('button', { name: 'Add new tag' }).click();
    await page.getByLabel('Tag key').fill('env');
    await page.getByLabel('Tag value').fill('dev');
    await shot('create-cluster');
    // Every state the page shows is logged, however briefly it is shown.
    await page.evaluate(() => {
      const seen: string[] = ((window as unknown as { __states: string[] }).__states = []);
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid=cluster-state]')?.textContent;
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.locator('[data-testid=create-submit]').click();
    await page.locator('[data-testid=cluster-state]', { hasText: 'UNINITIALIZED' }).waitFor();
    const states = await page.evaluate(() => (window as unknown as { __states: string[] }).__states);
    expect(states).toEqual(['CREATE_IN_PROGRESS', 'UNINITIALIZED']);
    clusterId = /cluster-[a-z0-9]+/.exec(page.url())![0];
    await page.getByText('30 days').waitFor();
  });

  it("creates an HSM on the cluster's page and shows it become ACTIVE", async () => {
    await page.locator('[data-testid=create-hsm]').click();
    await page
      .getByRole('row')
      .filter({ hasText: /hsm-[a-z0-9]+/ })
      .filter({ hasText: 'ACTIVE' })
      .waitFor();
    await shot('cluster');
  });

  it("edits the cluster's tags (UntagResource and TagResource)", async () => {
    await page.getByText('dev', { exact: true }).waitFor();
    await page.locator('[data-testid=manage-tags]').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await dialog.getByRole('button', { name: 'Add new tag' }).click();
    await dialog.getByLabel('Tag key').fill('owner');
    await dialog.getByLabel('Tag value').fill('console');
    await page.locator('[data-testid=save-tags]').click();
    await page.getByText('console', { exact: true }).waitFor();
    expect(await page.getByText('dev', { exact: true }).count()).toBe(0);
    expect((await events('UntagResource'))[0]).toMatchObject({
      sessionCredentialFromConsole: 'true',
      requestParameters: { resourceId: clusterId, tagKeyList: ['env'] },
    });
    expect((await events('TagResource'))[0]).toMatchObject({
      sessionCredentialFromConsole: 'true',
      requestParameters: { resourceId: clusterId },
    });
  });

  it('initializes the cluster with an openssl-signed certificate uploaded through the page', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=download-csr]').click()]);
    expect(download.suggestedFilename()).toBe(`${clusterId}_ClusterCsr.csr`);
    const csr = pem((await download.path())!);
    expect(csr).toContain('BEGIN CERTIFICATE REQUEST');
    const ca = await makeCa('consoleCA');
    const other = await makeCa('otherCA');
    const signed = await signCsr(ca, csr);
    // A trust anchor that did not sign the certificate: InitializeCluster's own error, shown as such.
    await page.locator('[data-testid=signed-cert] input[type=file]').setInputFiles(signed);
    await page.locator('[data-testid=trust-anchor] input[type=file]').setInputFiles(other.crt);
    await page.locator('[data-testid=initialize]').click();
    const alert = page.locator('[data-testid=error-alert]');
    await poll(() => alert.textContent()).toMatch(/CloudHsm\w*Exception/);
    await shot('initialize-error');
    const rejected = (await events('InitializeCluster')).find((r) => r.errorCode);
    expect(rejected).toMatchObject({ sessionCredentialFromConsole: 'true' });
    expect(await alert.textContent()).toContain(rejected.errorMessage);

    await page.locator('[data-testid=trust-anchor] input[type=file]').setInputFiles(ca.crt);
    await page.locator('[data-testid=initialize]').click();
    await poll(() => page.locator('[data-testid=cluster-state]').textContent()).toBe('INITIALIZED');
    await shot('cluster-initialized');
  });

  it('lists the backup activation takes, deletes it and restores it', async () => {
    // Activation (on AWS, a crypto officer's step on the HSM) is hsmtrail's ActivateCluster, through the same gateway.
    await page.locator('[data-testid=activate-cluster]').click();
    await poll(() => page.locator('[data-testid=cluster-state]').textContent()).toBe('ACTIVE');
    expect((await events('ActivateCluster')).at(0)).toMatchObject({
      eventSource: 'hsmtrail.local',
      sessionCredentialFromConsole: 'true',
      userIdentity: { type: 'IAMUser', userName: 'operator' },
    });
    const backup = page.getByRole('row').filter({ hasText: /backup-[a-z0-9]+/ });
    await poll(async () => {
      if ((await backup.filter({ hasText: 'READY' }).count()) === 0) await page.locator('[data-testid=refresh-backups]').click();
      return backup.filter({ hasText: 'READY' }).count();
    }).toBe(1);
    await shot('cluster-active');
    await backup.getByRole('radio').check();
    await page.locator('[data-testid=delete-backup]').click();
    await backup.filter({ hasText: 'PENDING_DELETION' }).waitFor();
    await backup.getByRole('radio').check();
    await page.locator('[data-testid=restore-backup]').click();
    await backup.filter({ hasText: 'READY' }).waitFor();
    for (const name of ['DeleteBackup', 'RestoreBackup'])
      expect((await events(name))[0], name).toMatchObject({ sessionCredentialFromConsole: 'true' });
  });

  it('finds those actions in the event history, marked sessionCredentialFromConsole', async () => {
    await page.getByRole('link', { name: 'Event history' }).click();
    await page.locator('[data-testid=lookup-attribute] button').first().click();
    await page.getByRole('option', { name: 'EventName', exact: true }).click();
    await page.locator('[data-testid=lookup-value] input').fill('CreateCluster');
    await page.locator('[data-testid=lookup-search]').click();
    await page.locator('[data-testid=event-link]').first().waitFor();
    await poll(() => page.locator('[data-testid=event-link]').count()).toBe(1);
    await shot('event-history');
    await page.locator('[data-testid=event-link]').first().click();
    const record = JSON.parse((await page.locator('[data-testid=event-record]').textContent())!);
    expect(record).toMatchObject({
      eventName: 'CreateCluster',
      sessionCredentialFromConsole: 'true',
      sourceIPAddress: '127.0.0.1',
      responseElements: { cluster: { clusterId } },
    });
    expect(record.userIdentity).toMatchObject({
      type: 'IAMUser',
      userName: 'operator',
      sessionContext: { attributes: { mfaAuthenticated: 'false' } },
    });
    expect(record.userIdentity.accessKeyId).toMatch(/^ASIA/);
    await shot('event-record');
    await page.keyboard.press('Escape');
    const downloadAs = async (item: string) => {
      await page.getByRole('button', { name: 'Download events' }).click();
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: item }).click()]);
      return pem((await file.path())!);
    };
    expect(JSON.parse(await downloadAs('Download page as JSON')).Records).toEqual([record]);
    const csv = (await downloadAs('Download page as CSV')).trimEnd().split('\r\n');
    expect(csv).toHaveLength(2);
    expect(csv[0]).toMatch(/^"Event ID","Event time","User name","Event name",/);
    expect(csv[1]).toContain(`"${record.eventID}","${record.eventTime}","operator","CreateCluster"`);
    expect((await events('InitializeCluster')).find((r) => !r.errorCode)).toMatchObject({
      sessionCredentialFromConsole: 'true',
      requestParameters: { clusterId },
    });
    const hsm = (await events('CreateHsm'))[0];
    expect(hsm).toMatchObject({ sessionCredentialFromConsole: 'true', requestParameters: { clusterId } });
  });

  it("deletes the HSM, then the cluster (showing the API's refusal while an HSM remains)", async () => {
    await page.goto(`${server.endpoint}/console/cloudhsm/clusters/${clusterId}`);
    await page.locator('[data-testid=delete-cluster]').click();
    await page.locator('[data-testid=confirm-delete-cluster]').click();
    const alert = page.locator('[data-testid=error-alert]');
    await poll(() => alert.textContent()).toContain('CloudHsmInvalidRequestException');
    const refused = (await events('DeleteCluster')).find((r) => r.errorCode);
    expect(await alert.textContent()).toContain(refused.errorMessage);
    const hsmRow = page.getByRole('row').filter({ hasText: /hsm-[a-z0-9]+/ });
    await hsmRow.getByRole('radio').check();
    await page.locator('[data-testid=delete-hsm]').click();
    await page.locator('[data-testid=confirm-delete-hsm]').click();
    await poll(() => hsmRow.count()).toBe(0);
    await page.locator('[data-testid=delete-cluster]').click();
    await page.locator('[data-testid=confirm-delete-cluster]').click();
    await page.getByRole('heading', { name: /^Clusters/ }).waitFor();
    await poll(() => page.getByRole('row').filter({ hasText: clusterId }).filter({ hasText: 'DELETE_IN_PROGRESS' }).count()).toBe(0);
    expect((await events('DeleteCluster')).find((r) => !r.errorCode)).toMatchObject({ sessionCredentialFromConsole: 'true' });
  });

  it('shows the signed-in identity from GetCallerIdentity', async () => {
    await page.getByRole('link', { name: 'Signed-in identity' }).click();
    await poll(() => page.locator('[data-testid=identity-Arn]').textContent()).toBe(`arn:aws:iam::${server.accountId}:user/operator`);
    await shot('identity');
  });

  it('sign-out ends the session on the server: the old cookie is refused', async () => {
    const cookie = (await browser.context.cookies()).find((c) => c.name === 'hsmtrail-console')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/console' });
    // Nothing of the session is kept where a script or a link could take it: no web storage, no URL.
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
    expect(page.url()).not.toContain(cookie.value);
    const session = () =>
      fetch(`${server.endpoint}/console/api/session`, { headers: { cookie: `hsmtrail-console=${cookie.value}` } }).then((r) => r.status);
    expect(await session()).toBe(200);
    await signOut();
    expect(await session()).toBe(401);
    await shot('signin');
  });

  it("a read-only user's create attempt shows AWS's AccessDenied message and is recorded with its errorCode", async () => {
    await signIn('auditor', 'auditor-Passw0rd!');
    await page.locator('[data-testid=create-cluster]').click();
    const pickers = page.locator('[data-testid^=subnet-]');
    await poll(() => pickers.count()).toBeGreaterThan(0);
    await pickers.first().locator('button').first().click();
    await page
      .getByRole('option')
      .filter({ hasText: /^subnet-/ })
      .first()
      .click();
    await page.locator('[data-testid=create-submit]').click();
    const alert = page.locator('[data-testid=error-alert]');
    await poll(() => alert.textContent()).toContain('AccessDeniedException');
    expect(await alert.textContent()).toContain(
      `arn:aws:iam::${server.accountId}:user/auditor is not authorized to perform: cloudhsm:CreateCluster`,
    );
    await shot('access-denied');
    const denied = (await events('CreateCluster')).find((r) => r.errorCode);
    expect(denied).toMatchObject({
      errorCode: 'AccessDeniedException',
      sessionCredentialFromConsole: 'true',
      userIdentity: { userName: 'auditor' },
    });
  });

  it('signs the root user in with the password set by `hsmtrail console set-root-password`', async () => {
    await signOut();
    const set = await run(process.execPath, [BIN, 'console', 'set-root-password'], server.awsEnv(), 'Root-console-pw-1\n');
    expect(set.status, set.stderr).toBe(0);
    await page.goto(`${server.endpoint}/console/`);
    await page.getByLabel('Root user').check();
    await page.locator('[data-testid=account-id] input').fill(server.accountId);
    await page.locator('[data-testid=password] input').fill('Root-console-pw-1');
    await page.locator('[data-testid=signin-submit]').click();
    await page.getByRole('button', { name: `root @ ${server.accountId}` }).waitFor();
    const root = (await events('ConsoleLogin')).find((r) => r.userIdentity.type === 'Root');
    expect(root).toMatchObject({
      responseElements: { ConsoleLogin: 'Success' },
      userIdentity: { arn: `arn:aws:iam::${server.accountId}:root`, accessKeyId: '' },
    });
  });

  it('creates an IAM user with a console password and a managed policy, who can then sign in', async () => {
    await page.getByRole('link', { name: 'Users' }).click();
    await page.locator('[data-testid=create-user]').click();
    await page.locator('[data-testid=new-user-name] input').fill('newbie');
    await page.locator('[data-testid=new-user-password] input').fill('Newbie-Passw0rd!');
    await page.locator('[data-testid=new-user-policies] button').first().click();
    await page.getByRole('option', { name: 'ReadOnlyAccess', exact: true }).click();
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=create-user-submit]').click();
    await page.getByRole('cell', { name: 'newbie', exact: true }).waitFor();
    await shot('users');
    for (const name of ['CreateUser', 'CreateLoginProfile', 'AttachUserPolicy']) {
      expect(
        (await events(name)).find((r) => r.userIdentity.type === 'Root'),
        name,
      ).toMatchObject({ sessionCredentialFromConsole: 'true' });
    }
  });

  it('lists trails with their status, starts logging and stops it', async () => {
    const s3 = new S3Client({ ...rootConfig(), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'console-trail-bucket' }));
    const policy = await run(
      process.execPath,
      [BIN, 'trail', 'bucket-policy', '--bucket', 'console-trail-bucket', '--account-id', server.accountId, '--trail-name', 'main'],
      process.env,
    );
    expect(policy.status, policy.stderr).toBe(0);
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'console-trail-bucket', Policy: policy.stdout }));
    await new CloudTrailClient(rootConfig()).send(
      new CreateTrailCommand({ Name: 'main', S3BucketName: 'console-trail-bucket', EnableLogFileValidation: true }),
    );
    await page.getByRole('link', { name: 'Trails' }).click();
    const row = page.getByRole('row').filter({ hasText: 'console-trail-bucket' });
    await row.getByText('Off').waitFor();
    await row.getByRole('radio').check();
    await page.getByRole('button', { name: 'Start logging' }).click();
    await row.getByText('Logging').waitFor();
    await shot('trails');
    expect((await events('StartLogging'))[0]).toMatchObject({
      sessionCredentialFromConsole: 'true',
      requestParameters: { name: expect.stringContaining('main') },
    });
    await row.getByRole('radio').check();
    await page.getByRole('button', { name: 'Stop logging' }).click();
    await row.getByText('Off').waitFor();
    expect((await events('StopLogging'))[0]).toMatchObject({
      sessionCredentialFromConsole: 'true',
      requestParameters: { name: expect.stringContaining('main') },
    });
    await signOut();
    await signIn('newbie', 'Newbie-Passw0rd!');
    await page.getByRole('button', { name: `newbie @ ${server.accountId}` }).waitFor();
  });

  it('has no serious or critical accessibility violation on any page (axe-core)', () => {
    expect(Object.keys(a11y).length).toBeGreaterThanOrEqual(13);
    expect(a11y, JSON.stringify(a11y)).toEqual(Object.fromEntries(Object.keys(a11y).map((k) => [k, []])));
  });
});
