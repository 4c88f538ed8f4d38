import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CloudHSMV2Client,
  CreateClusterCommand,
  CreateHsmCommand,
  DescribeBackupsCommand,
  DescribeClustersCommand,
  InitializeClusterCommand,
  paginateDescribeClusters,
} from '@aws-sdk/client-cloudhsm-v2';
import { cloudTrailBucketPolicy } from '../../src/audit/deliver/bucket-policy.js';
import { startServer, type RunningServer } from '../support/server.js';
import { launchBrowser, seriousA11yViolations } from '../support/browser.js';
import { run } from '../support/tools.js';
import { awsValidate, flushTrail, getObject, listKeys } from '../conformance/trail-helpers.js';
import { defaultSubnets, makeCa, pollUntil, signCsr } from '../conformance/cloudhsm-helpers.js';

/**
 * The console's CloudTrail and CloudHSM pages in Chromium against a real `hsmtrail serve`: a trail created
 * with its bucket and policy, its status after a delivery, integrity validation checked against the real
 * `aws cloudtrail validate-logs --verbose` (also after tampering with a log file), combined event filters,
 * backups (copy to a region, delete, restore, retention), and the cluster list's server-side pages and filter.
 * Screenshots go to docs/console/. Nothing skips:
 * without Chromium, openssl or the aws CLI this file fails.
 */
const SHOTS = process.env.UPDATE_SCREENSHOTS
  ? fileURLToPath(new URL('../../docs/console/', import.meta.url))
  : `${mkdtempSync(join(tmpdir(), 'hsmtrail-shots-'))}/`;
const BIN = resolve(import.meta.dirname, '../../bin/hsmtrail.js');
/** Generous caps for a loaded 2-core machine: these bound a wait, they assert no timing. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 60_000, interval: 100 });
const TRAIL = 'console-audit';
const BUCKET = 'console-pages-trail';

describe('console pages: trails, integrity, event filters, backups (Chromium)', { timeout: 240_000 }, () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let trailArn: string;
  let start: string;
  const a11y: Record<string, unknown[]> = {};

  const rootConfig = (region = 'us-east-1') => ({
    endpoint: server.endpoint,
    region,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    maxAttempts: 1,
  });
  const s3 = () => new S3Client({ ...rootConfig(), forcePathStyle: true });
  const events = async (name: string) => {
    const out = await new CloudTrailClient(rootConfig()).send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }], MaxResults: 50 }),
    );
    return (out.Events ?? []).map((e) => JSON.parse(e.CloudTrailEvent!));
  };
  /** A root CloudTrail client whose calls come from `ip` (the server trusts this host's X-Forwarded-For). */
  const trailFrom = (ip: string) => {
    const client = new CloudTrailClient(rootConfig());
    client.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-forwarded-for'] = ip;
        return next(args);
      },
      { step: 'build', name: 'forwardedFor' },
    );
    return client;
  };
  const shot = async (name: string) => {
    await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
    a11y[name] = await seriousA11yViolations(page);
  };
  /** The integrity table as awscli's verbose lines: "<Digest|Log> file\ts3://...\t<valid|INVALID: reason>". */
  const pageLines = async () => {
    const texts = (sel: string) => page.locator(`[data-testid=${sel}]`).allTextContents();
    const [kinds, uris, results] = await Promise.all([texts('validated-kind'), texts('validated-uri'), texts('validated-result')]);
    return kinds.map((k, i) => `${k.trim()}\t${uris[i]!.trim()}\t${results[i]!.trim()}`).sort();
  };
  const validateOnPage = async () => {
    await page.goto(`${server.endpoint}/console/cloudtrail/trails/${TRAIL}`);
    await page.locator('[data-testid=validate-start] input').fill(start);
    await page.locator('[data-testid=validate-logs]').click();
    await page.locator('[data-testid=validate-summary]').waitFor();
    return { lines: await pageLines(), summary: (await page.locator('[data-testid=validate-summary]').textContent())! };
  };
  const countLines = (text: string) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /^\d+\/\d+ /.test(l));

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer({
      args: ['--trusted-proxies', '127.0.0.1', '--auto-activate', '--timings', 'fast'],
      // More clusters than one page of the cluster list (AWS's default quota is 4 per region).
      env: { HSMTRAIL_CLOUDHSM_CLUSTER_QUOTA: '50' },
    });
    const set = await run(process.execPath, [BIN, 'console', 'set-root-password'], server.awsEnv(), 'Root-console-pw-1\n');
    expect(set.status, set.stderr).toBe(0);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.goto(`${server.endpoint}/console/`);
    await page.getByLabel('Root user').check();
    await page.locator('[data-testid=account-id] input').fill(server.accountId);
    await page.locator('[data-testid=password] input').fill('Root-console-pw-1');
    await page.locator('[data-testid=signin-submit]').click();
    await page.getByRole('button', { name: `root @ ${server.accountId}` }).waitFor();
    // awscli's --start-time format; a minute back covers everything this file delivers.
    start = new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("creates a trail with a new bucket and CloudTrail's bucket policy through the page, logging from the start", async () => {
    await page.getByRole('link', { name: 'Trails' }).click();
    await page.locator('[data-testid=create-trail]').click();
    await page.getByRole('heading', { name: 'Create trail' }).waitFor();
    await page.locator('[data-testid=trail-name] input').fill(TRAIL);
    await page.locator('[data-testid=new-bucket] input').fill(BUCKET);
    await shot('trail-create');
    await page.locator('[data-testid=create-trail-submit]').click();
    await page.getByRole('heading', { name: TRAIL }).waitFor();
    await page.locator('[data-testid=trail-logging]', { hasText: 'Logging' }).waitFor();
    const trails = await new CloudTrailClient(rootConfig()).send(new DescribeTrailsCommand({ trailNameList: [TRAIL] }));
    trailArn = trails.trailList![0]!.TrailARN!;
    expect(trails.trailList![0]).toMatchObject({ S3BucketName: BUCKET, LogFileValidationEnabled: true });
    // The policy the page wrote is the one `hsmtrail trail bucket-policy` prints: one builder.
    const policy = await s3().send(new GetBucketPolicyCommand({ Bucket: BUCKET }));
    expect(JSON.parse(policy.Policy!)).toEqual(
      JSON.parse(cloudTrailBucketPolicy({ bucket: BUCKET, accountId: server.accountId, trailArn })),
    );
    for (const name of ['CreateBucket', 'PutBucketPolicy', 'CreateTrail', 'StartLogging']) {
      expect((await events(name))[0], name).toMatchObject({ sessionCredentialFromConsole: 'true', userIdentity: { type: 'Root' } });
    }
  });

  it('shows the trail status after a delivery: log file and digest delivered, no error', async () => {
    const ct = new CloudTrailClient(rootConfig());
    for (let i = 0; i < 3; i++) await ct.send(new GetTrailStatusCommand({ Name: TRAIL }));
    const flushed = await flushTrail(server, TRAIL);
    expect(flushed.LogFilesDelivered).toBeGreaterThan(0);
    expect(flushed.DigestFilesDelivered).toBeGreaterThan(0);
    await page.locator('[data-testid=refresh-trail]').click();
    await poll(() => page.locator('[data-testid=latest-delivery]').textContent()).toMatch(/UTC$/);
    await poll(() => page.locator('[data-testid=latest-digest]').textContent()).toMatch(/UTC$/);
    expect(await page.locator('[data-testid=latest-delivery-error]').textContent()).toBe('-');
    await shot('trail-status');
  });

  it('validates integrity like `aws cloudtrail validate-logs --verbose`: every file valid', async () => {
    const { lines, summary } = await validateOnPage();
    const cli = await awsValidate(server.awsEnv(), trailArn, start, 'us-east-1');
    expect(cli.status, cli.raw).toBe(0);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => l.endsWith('\tvalid'))).toBe(true);
    expect(lines).toEqual(cli.files);
    expect(countLines(summary)).toEqual(countLines(cli.summary.join('\n')));
    expect(await page.locator('[data-testid=log-count]').textContent()).toMatch(/^Log files(\d+)\/\1 valid$/);
    // The validation's reads went through the gateway as the console user's own calls.
    const reads = (await events('ListPublicKeys')).filter((r) => r.sessionCredentialFromConsole === 'true');
    expect(reads[0]).toMatchObject({ userIdentity: { type: 'Root' }, sourceIPAddress: '127.0.0.1' });
    await shot('integrity');
  });

  it('shows a log file tampered with through S3 as invalid, as validate-logs does', async () => {
    const client = s3();
    const logKey = (await listKeys(client, BUCKET, 'AWSLogs/')).find((k) => /\/CloudTrail\/.*\.json\.gz$/.test(k))!;
    const body = JSON.parse(gunzipSync(await getObject(client, BUCKET, logKey)).toString('utf8')) as { Records: { eventName: string }[] };
    body.Records[0]!.eventName = 'Tampered';
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: logKey, Body: gzipSync(JSON.stringify(body)) }));
    const { lines, summary } = await validateOnPage();
    const cli = await awsValidate(server.awsEnv(), trailArn, start, 'us-east-1');
    expect(cli.status).toBe(1);
    expect(lines).toContain(`Log file\ts3://${BUCKET}/${logKey}\tINVALID: hash value doesn't match`);
    expect(lines.filter((l) => l.includes('INVALID'))).toHaveLength(1);
    expect(lines).toEqual(cli.files);
    expect(countLines(summary)).toEqual(countLines(cli.summary.join('\n')));
    expect(await page.locator('[data-testid=log-count]').textContent()).toContain('1 INVALID');
  });

  it('finds exactly the failed calls from one CIDR with combined filters (SearchEvents)', async () => {
    const near = trailFrom('203.0.113.7');
    const far = trailFrom('198.51.100.9');
    const fail = (c: CloudTrailClient) => c.send(new GetTrailStatusCommand({ Name: 'no-such-trail' })).catch((e: Error) => e);
    await fail(near);
    await fail(near);
    await near.send(new DescribeTrailsCommand({}));
    await fail(far);
    await page.getByRole('link', { name: 'Event history' }).click();
    await page.getByText('Combined filters (SearchEvents)').click();
    await page.locator('[data-testid=filter-SourceIp] input').fill('203.0.113.0/24');
    await page.locator('[data-testid=filter-ErrorsOnly] input').check();
    await page.locator('[data-testid=lookup-search]').click();
    await page.getByText('Events matching every filter, from SearchEvents').waitFor();
    await poll(() => page.locator('[data-testid=event-link]').count()).toBe(2);
    const rows = page.getByRole('row').filter({ has: page.locator('[data-testid=event-link]') });
    for (const text of await rows.allTextContents()) {
      expect(text).toContain('GetTrailStatus');
      expect(text).toContain('TrailNotFoundException');
      expect(text).toContain('203.0.113.7');
    }
    await shot('event-filters');
  });

  it("limits the event history to a time range: LookupEvents' StartTime and EndTime", async () => {
    const lookups: Record<string, unknown>[] = [];
    const watch = (r: { url(): string; postDataJSON(): Record<string, unknown> }) => {
      if (r.url().endsWith('/console/api/aws/cloudtrail/LookupEvents')) lookups.push(r.postDataJSON());
    };
    page.on('request', watch);
    await page.goto(`${server.endpoint}/console/cloudtrail/events`);
    await page.locator('[data-testid=event-link]').first().waitFor();
    // A day ten days back: inside LookupEvents' 90 days, and before every event this server has.
    const day = (ago: number) => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10);
    await page.getByRole('button', { name: /Any time/ }).click();
    await page.getByRole('button', { name: 'Absolute mode' }).click();
    await page.getByRole('textbox', { name: 'Start date' }).fill(day(10).replaceAll('-', '/'));
    await page.getByRole('textbox', { name: 'Start time' }).fill('00:00:00');
    await page.getByRole('textbox', { name: 'End date' }).fill(day(9).replaceAll('-', '/'));
    await page.getByRole('textbox', { name: 'End time' }).fill('00:00:00');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator('[data-testid=lookup-search]').click();
    await page.getByText('No events match').waitFor();
    // The page's time zone shifts the instants by its offset (at most 14 h) from midnight UTC.
    const near = (iso: unknown, date: string) => Math.abs(Date.parse(String(iso)) - Date.parse(`${date}T00:00:00Z`)) <= 14 * 3_600_000;
    const last = lookups.at(-1)!;
    expect(near(last.StartTime, day(10)) && near(last.EndTime, day(9)), JSON.stringify(last)).toBe(true);
    page.off('request', watch);
  });

  it('copies a backup to another region, deletes and restores it, and sets the retention policy', async () => {
    const hsm = new CloudHSMV2Client(rootConfig());
    const subnets = await defaultSubnets(server);
    const { Cluster } = await hsm.send(
      new CreateClusterCommand({ HsmType: 'hsm2m.medium', SubnetIds: subnets.slice(0, 2).map((s) => s.id) }),
    );
    const id = Cluster!.ClusterId!;
    const cluster = () => hsm.send(new DescribeClustersCommand({ Filters: { clusterIds: [id] } })).then((r) => r.Clusters![0]!);
    await pollUntil(cluster, (c) => c.State === 'UNINITIALIZED');
    await hsm.send(new CreateHsmCommand({ ClusterId: id, AvailabilityZone: subnets[0]!.az }));
    const csr = (await pollUntil(cluster, (c) => !!c.Certificates?.ClusterCsr)).Certificates!.ClusterCsr!;
    const ca = await makeCa('pagesCA');
    await hsm.send(
      new InitializeClusterCommand({
        ClusterId: id,
        SignedCert: readFileSync(await signCsr(ca, csr), 'utf8'),
        TrustAnchor: readFileSync(ca.crt, 'utf8'),
      }),
    );
    const backups = () => hsm.send(new DescribeBackupsCommand({ Filters: { clusterIds: [id] } })).then((r) => r.Backups ?? []);
    const backupId = (await pollUntil(backups, (b) => b.some((x) => x.BackupState === 'READY')))[0]!.BackupId!;

    await page.getByRole('link', { name: 'Backups' }).click();
    const row = page.getByRole('row').filter({ hasText: backupId });
    await row.filter({ hasText: 'READY' }).waitFor();
    await row.getByRole('radio').check();
    await page.locator('[data-testid=copy-backup]').click();
    await page.locator('[data-testid=copy-region] button').first().click();
    await page.getByRole('option', { name: 'us-west-2', exact: true }).click();
    await page.locator('[data-testid=copy-backup-submit]').click();
    await poll(() => page.locator('[data-testid=copied-backup]').textContent()).toContain(backupId);
    await shot('backups');
    const west = await new CloudHSMV2Client(rootConfig('us-west-2')).send(new DescribeBackupsCommand({}));
    const copy = west.Backups?.find((b) => b.SourceBackup === backupId);
    expect(copy).toMatchObject({ SourceRegion: 'us-east-1', SourceCluster: id });
    // The page shows the copy as DescribeBackups lists it in the destination region.
    expect(await page.locator('[data-testid=copy-id]').textContent()).toBe(copy!.BackupId);
    expect((await events('CopyBackupToRegion'))[0]).toMatchObject({
      sessionCredentialFromConsole: 'true',
      requestParameters: { backupId, destinationRegion: 'us-west-2' },
    });

    await row.getByRole('radio').check();
    await page.locator('[data-testid=delete-backup]').click();
    await row.filter({ hasText: 'PENDING_DELETION' }).waitFor();
    await row.getByRole('radio').check();
    await page.locator('[data-testid=restore-backup]').click();
    await row.filter({ hasText: 'READY' }).waitFor();
    for (const name of ['DeleteBackup', 'RestoreBackup'])
      expect((await events(name))[0], name).toMatchObject({ sessionCredentialFromConsole: 'true', requestParameters: { backupId } });

    await row.getByRole('radio').check();
    await page.locator('[data-testid=cluster-from-backup]').click();
    await poll(() => page.locator('[data-testid=source-backup] input').inputValue()).toBe(backupId);
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
    await page.locator('[data-testid=create-submit]').click();
    await page.locator('[data-testid=cluster-state]').waitFor();
    const restored = /cluster-[a-z0-9]+/.exec(page.url())![0];
    expect(restored).not.toBe(id);
    expect((await events('CreateCluster')).find((r) => r.responseElements?.cluster?.clusterId === restored)).toMatchObject({
      sessionCredentialFromConsole: 'true',
      requestParameters: { sourceBackupId: backupId },
    });

    await page.goto(`${server.endpoint}/console/cloudhsm/clusters/${id}`);
    await page.locator('[data-testid=edit-retention]').click();
    await page.locator('[data-testid=retention-days] input').fill('45');
    await page.locator('[data-testid=save-retention]').click();
    await poll(() => page.locator('[data-testid=cluster-retention]').textContent()).toBe('45 days');
    expect((await cluster()).BackupRetentionPolicy).toEqual({ Type: 'DAYS', Value: '45' });
    expect((await events('ModifyCluster'))[0]).toMatchObject({ sessionCredentialFromConsole: 'true' });
  });

  it('pages the cluster list server-side: one DescribeClusters page at a time, next, previous, and a filter', async () => {
    const hsm = new CloudHSMV2Client(rootConfig());
    const subnet = (await defaultSubnets(server))[0]!.id;
    for (let i = 0; i < 27; i++) await hsm.send(new CreateClusterCommand({ HsmType: 'hsm2m.medium', SubnetIds: [subnet] }));
    const everyCluster = async () => {
      const out: { ClusterId?: string; State?: string }[] = [];
      for await (const p of paginateDescribeClusters({ client: hsm, pageSize: 25 }, {})) out.push(...p.Clusters!);
      return out;
    };
    // Settled first (nothing in progress), so the page polls nothing and each page shown is exactly one call.
    const settled = await pollUntil(everyCluster, (cs) => !cs.some((c) => c.State!.endsWith('_IN_PROGRESS')));
    const all = settled.map((c) => c.ClusterId!);
    expect(all.length).toBeGreaterThan(25);
    expect(all.length).toBeLessThanOrEqual(50);
    const firstToken = (await hsm.send(new DescribeClustersCommand({ MaxResults: 25 }))).NextToken;
    // What the page asks for: each DescribeClusters it sends, in order.
    let sent: Record<string, unknown>[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/console/api/aws/cloudhsmv2/DescribeClusters')) sent.push(r.postDataJSON());
    });
    const shown = () => page.locator('[data-testid=cluster-link]').allTextContents();
    const heading = page.getByRole('heading', { name: /^Clusters/ });

    await page.goto(`${server.endpoint}/console/cloudhsm/clusters`);
    await poll(shown).toEqual(all.slice(0, 25));
    expect(await heading.textContent()).toContain('(25+)');
    await shot('clusters');
    // The page shown and no other: not the pages after it.
    expect(sent).toEqual([{ MaxResults: 25 }]);

    sent = [];
    await page.getByRole('button', { name: 'Next page' }).click();
    await poll(shown).toEqual(all.slice(25));
    expect(await heading.textContent()).toContain(`(${all.length})`);
    expect(sent).toEqual([{ MaxResults: 25, NextToken: firstToken }]);

    sent = [];
    await page.getByRole('button', { name: 'Previous page' }).click();
    await poll(shown).toEqual(all.slice(0, 25));
    expect(sent).toEqual([{ MaxResults: 25 }]);

    // The filter is DescribeClusters' own (Filters clusterIds), not a search through the page shown.
    sent = [];
    const last = all.at(-1)!;
    const filter = page.getByRole('combobox', { name: 'Filter clusters' });
    await filter.fill(`Cluster ID = ${last}`);
    await filter.press('Enter');
    await poll(shown).toEqual([last]);
    expect(sent).toEqual([{ Filters: { clusterIds: [last] }, MaxResults: 25 }]);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await poll(shown).toEqual(all.slice(0, 25));
  });

  it('has no serious or critical accessibility violation on any new page (axe-core)', () => {
    expect(Object.keys(a11y).sort()).toEqual(['backups', 'clusters', 'event-filters', 'integrity', 'trail-create', 'trail-status']);
    expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((k) => [k, []])));
  });
});
