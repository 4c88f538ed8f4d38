/**
 * The web console end to end in Chromium: an event history page of 50 events over a large store
 * (click Search → 50 rows rendered, timed inside the page), and password sign-ins per second (scrypt-bound by design).
 * BENCH_EVENTS sets the store size (default 1,000,000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttachUserPolicyCommand, CreateLoginProfileCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import type { Bench, BenchRow } from './harness.js';
import { startServer } from '../test/support/server.js';
import { launchBrowser } from '../test/support/browser.js';
import { SqliteStore } from '../src/storage/sqlite/store.js';
import { dataDirLayout } from '../src/storage/data-dir.js';
import { generateEvents } from '../src/query/testing/generate-events.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const STEP_MS = 5_000; // 1M events ≈ 58 days, ending now: inside LookupEvents' 90 days
const RUNS = 20;
const SIGNINS = 100;

/** As a string: tsx would wrap a function's inner helpers in a `__name` the page does not have. */
const TIME_SEARCH = `(async () => {
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const count = () => document.querySelectorAll('[data-testid=event-link]').length;
  performance.clearResourceTimings();
  const t0 = performance.now();
  document.querySelector('[data-testid=lookup-search]').click();
  while (count() !== 0) await frame();
  while (count() !== 50) await frame();
  const total = performance.now() - t0;
  const fetch = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/LookupEvents'));
  return { total, fetch: fetch ? fetch.duration : NaN };
})()`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const consoleBench: Bench = {
  name: 'console',
  async run(): Promise<BenchRow[]> {
    const dataDir = mkdtempSync(join(tmpdir(), 'hsmtrail-bench-console-'));
    const rows: BenchRow[] = [];
    try {
      await (await startServer({ dataDir })).stop(); // bootstrap the account, then fill the store offline
      const store = new SqliteStore(dataDirLayout(dataDir).store);
      await generateEvents(store, {
        count: EVENTS,
        start: new Date(Date.now() - EVENTS * STEP_MS - 60_000),
        stepMs: STEP_MS,
        errorEvery: 17,
      });
      store.close();

      const server = await startServer({ dataDir });
      const browser = await launchBrowser();
      try {
        const iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server, maxAttempts: 1 });
        await iam.send(new CreateUserCommand({ UserName: 'bench' }));
        await iam.send(new CreateLoginProfileCommand({ UserName: 'bench', Password: 'Bench-Passw0rd!' }));
        await iam.send(new AttachUserPolicyCommand({ UserName: 'bench', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));

        const page = await browser.context.newPage();
        await page.goto(`${server.endpoint}/console/cloudtrail/events`);
        await page.locator('[data-testid=account-id] input').fill(server.accountId);
        await page.locator('[data-testid=user-name] input').fill('bench');
        await page.locator('[data-testid=password] input').fill('Bench-Passw0rd!');
        await page.locator('[data-testid=signin-submit]').click();
        const rowsShown = () =>
          page.waitForFunction(() => document.querySelectorAll('[data-testid=event-link]').length === 50, undefined, { polling: 'raf' });
        await rowsShown();
        const times: number[] = [];
        const apiTimes: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          // Timed inside the page (no driver round trips): click Search, the table shows its loading
          // state, then 50 rows; plus the Resource Timing entry of that LookupEvents fetch.
          const t = (await page.evaluate(TIME_SEARCH)) as { total: number; fetch: number };
          times.push(t.total);
          apiTimes.push(t.fetch);
        }
        rows.push({
          benchmark: 'console event history: page of 50, click → rendered',
          subject: 'median',
          value: median(times),
          unit: 'ms',
          note: `${EVENTS} events, Chromium, ${RUNS} runs`,
        });
        rows.push({
          benchmark: 'console event history: page of 50, LookupEvents fetch (network + server)',
          subject: 'median',
          value: median(apiTimes),
          unit: 'ms',
        });
        rows.push({
          benchmark: 'console event history: page of 50, click → rendered',
          subject: 'max',
          value: Math.max(...times),
          unit: 'ms',
        });

        const body = JSON.stringify({ accountId: server.accountId, userName: 'bench', password: 'Bench-Passw0rd!' });
        const t0 = performance.now();
        let ok = 0;
        await Promise.all(
          Array.from({ length: 4 }, async () => {
            while (ok < SIGNINS) {
              const res = await fetch(`${server.endpoint}/console/api/signin`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body,
              });
              if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
              ok++;
            }
          }),
        );
        rows.push({
          benchmark: 'console sign-ins (scrypt N=16384, 4 concurrent)',
          subject: 'hsmtrail',
          value: ok / ((performance.now() - t0) / 1000),
          unit: 'sign-ins/s',
          note: 'each also mints an STS session and records ConsoleLogin',
        });
      } finally {
        await browser.close();
        await server.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    return rows;
  },
};
