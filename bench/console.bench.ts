/**
 * The web console end to end in Chromium: an event history page of 50 events over a large store
 * (click Search → 50 rows rendered, timed inside the page), and password sign-ins per second (scrypt-bound by design).
 * BENCH_EVENTS sets the store size (default 1,000,000).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { AttachUserPolicyCommand, CreateLoginProfileCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import type { Bench, BenchRow } from './harness.js';
import { signed } from './harness.js';
import { load } from './load.js';
import type { LoadResult } from './loadgen.js';
import { defaultSubnets } from '../test/conformance/cloudhsm-helpers.js';
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

const WRITE_MS = 5_000;
const READERS = 4; // console connections per read kind: event history pages and the cluster list
const PEOPLE = 5; // console users reading at a human pace

/** The built console's JavaScript and CSS, raw and gzipped (what a first visit downloads). */
function bundleRows(): BenchRow[] {
  const dir = join(import.meta.dirname, '../dist/console-app/assets');
  const size = (ext: string) =>
    readdirSync(dir)
      .filter((f) => f.endsWith(ext))
      .map((f) => readFileSync(join(dir, f)))
      .reduce((acc, b) => ({ raw: acc.raw + b.length, gzip: acc.gzip + gzipSync(b, { level: 9 }).length }), { raw: 0, gzip: 0 });
  return (['.js', '.css'] as const).flatMap((ext) => {
    const s = size(ext);
    return [
      {
        benchmark: `console bundle ${ext} (gzip -9)`,
        subject: 'hsmtrail',
        value: s.gzip / 1024,
        unit: 'KiB',
        note: `${(s.raw / 1024).toFixed(0)} KiB raw`,
      },
    ];
  });
}

/** A console session's headers: its cookie, CSRF token and same-origin marks, as the page sends them. */
async function consoleSession(endpoint: string, accountId: string): Promise<Record<string, string>> {
  const res = await fetch(`${endpoint}/console/api/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: endpoint },
    body: JSON.stringify({ accountId, userName: 'bench', password: 'Bench-Passw0rd!' }),
  });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = /^[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  return { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json', origin: endpoint, host: new URL(endpoint).host };
}

/**
 * Whether the console's reads slow audited API writes: CreateCluster (each one a recorded event in its
 * write transaction) at 32 connections alone, beside a console user reading at full rate through the
 * console backend (event history pages via LookupEvents and the cluster list via DescribeClusters), beside the
 * same reads signed straight to the gateway, and beside console users at a human pace, with the cluster list
 * fetched as the page fetches it now (one page) and as it did before (every page): two rounds, the second in
 * reverse order, same server, same run. Plus the bundle a first visit downloads.
 */
export const consoleLoadBench: Bench = {
  name: 'console-load',
  async run(): Promise<BenchRow[]> {
    const rows = bundleRows();
    // BENCH_BIN: another build's bin/hsmtrail.js, for a before/after pair of runs.
    const server = await startServer({
      ...(process.env.BENCH_BIN ? { bin: process.env.BENCH_BIN } : {}),
      args: ['--log-level', 'warn'],
      env: { HSMTRAIL_CLOUDHSM_CLUSTER_QUOTA: '1000000' },
    });
    try {
      const iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server, maxAttempts: 1 });
      await iam.send(new CreateUserCommand({ UserName: 'bench' }));
      await iam.send(new CreateLoginProfileCommand({ UserName: 'bench', Password: 'Bench-Passw0rd!' }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'bench', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
      const subnet = (await defaultSubnets(server))[0]!.id;
      const create = await signed(server, {
        service: 'cloudhsm',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'BaldrApiService.CreateCluster' },
        body: JSON.stringify({ HsmType: 'hsm2m.medium', SubnetIds: [subnet] }),
      });
      const headers = await consoleSession(server.endpoint, server.accountId);
      const read = (path: string, body: object) =>
        load({
          url: `${server.endpoint}/console/api/aws/${path}`,
          method: 'POST',
          headers,
          body: JSON.stringify(body),
          connections: READERS,
          durationMs: WRITE_MS,
        });
      // The control: the same two reads signed with SigV4 straight to the gateway (a CLI user), no console backend.
      const direct = async (service: string, target: string, body: object) => {
        const r = await signed(server, {
          service,
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
          body: JSON.stringify(body),
        });
        return load({ url: r.url, method: 'POST', headers: r.headers, body: r.body, connections: READERS, durationMs: WRITE_MS });
      };
      const writes = () => load({ url: create.url, method: 'POST', headers: create.headers, body: create.body, durationMs: WRITE_MS });
      const consoleRead = async (path: string, body: object) => {
        const res = await fetch(`${server.endpoint}/console/api/aws/${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
        if (res.status !== 200) throw new Error(`console ${path} answered ${res.status}`);
        return (await res.json()) as { NextToken?: string };
      };
      // The cluster list as console/src/pages/Clusters.tsx fetches it: one page of 25; or, as it did up to
      // 5ea1c87, every cluster (pages of 25 until no NextToken; cut off once `stop` says so). Returns the reads made.
      const clusterList = async (whole: boolean, stop: () => boolean) => {
        let reads = 0;
        let NextToken: string | undefined;
        do {
          NextToken = (await consoleRead('cloudhsmv2/DescribeClusters', { MaxResults: 25, NextToken })).NextToken;
          reads++;
        } while (whole && NextToken && !stop());
        return reads;
      };
      /** One open of the cluster list: how long until the page has what it shows. */
      const openClusterList = async (whole: boolean) => {
        const t0 = performance.now();
        const reads = await clusterList(whole, () => false);
        return { ms: performance.now() - t0, reads };
      };
      // People at a human pace: each of PEOPLE console users opens an event history page and the cluster list
      // once a second (what the pages do while someone reads them), for as long as the write load runs (its
      // start-up and warm-up included, so the readers cover its whole measured window).
      const people = async (wholeList: boolean, writing: Promise<LoadResult>) => {
        let done = false;
        void writing.finally(() => (done = true));
        const t0 = performance.now();
        let reads = 0;
        await Promise.all(
          Array.from({ length: PEOPLE }, async () => {
            while (!done) {
              const started = Date.now();
              await consoleRead('cloudtrail/LookupEvents', { MaxResults: 50 });
              // Awaited first: `reads += await …` would add to the count read before the await, losing the other readers'.
              const listed = await clusterList(wholeList, () => done);
              reads += 1 + listed;
              await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - started))));
            }
          }),
        );
        return reads / ((performance.now() - t0) / 1000);
      };
      await writes(); // warm-up round: the store has events and clusters to read from here on
      // The phases of a round; round 2 runs them in reverse, so the store's growth over the run (every
      // write adds a cluster and an event) falls on both sides of each comparison alike.
      let alone!: LoadResult, beside!: LoadResult, history!: LoadResult, clusters!: LoadResult;
      let besideDirect!: LoadResult, directHistory!: LoadResult, directClusters!: LoadResult;
      let besidePeople!: LoadResult, besideWholeList!: LoadResult;
      let peopleRps = 0,
        wholeListRps = 0;
      const phases: Array<[string, () => Promise<void>]> = [
        ['alone', async () => void (alone = ok('CreateCluster', await writes()))],
        [
          'console reads',
          async () => {
            const r = await Promise.all([
              writes(),
              read('cloudtrail/LookupEvents', { MaxResults: 50 }),
              read('cloudhsmv2/DescribeClusters', {}),
            ]);
            [beside, history, clusters] = [
              ok('CreateCluster', r[0]),
              ok('console LookupEvents', r[1]),
              ok('console DescribeClusters', r[2]),
            ];
          },
        ],
        [
          'direct reads',
          async () => {
            const r = await Promise.all([
              writes(),
              direct('cloudtrail', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents', { MaxResults: 50 }),
              direct('cloudhsm', 'BaldrApiService.DescribeClusters', {}),
            ]);
            [besideDirect, directHistory, directClusters] = [
              ok('CreateCluster', r[0]),
              ok('direct LookupEvents', r[1]),
              ok('direct DescribeClusters', r[2]),
            ];
          },
        ],
        [
          'people',
          async () => {
            const writing = writes();
            const r = await Promise.all([writing, people(false, writing)]);
            [besidePeople, peopleRps] = [ok('CreateCluster', r[0]), r[1]];
          },
        ],
        [
          'people, whole cluster list',
          async () => {
            const writing = writes();
            const r = await Promise.all([writing, people(true, writing)]);
            [besideWholeList, wholeListRps] = [ok('CreateCluster', r[0]), r[1]];
          },
        ],
      ];
      for (const round of [1, 2]) {
        const order = round === 1 ? phases : [...phases].reverse();
        for (const [, run] of order) await run();
        const sequence = order.map(([name]) => name).join(' → ');
        const note = (r: LoadResult) => `p50 ${r.p50ms.toFixed(1)} ms, p99 ${r.p99ms.toFixed(1)} ms; round ${round} (${sequence})`;
        rows.push(
          { benchmark: 'CreateCluster (32 conns), alone', subject: 'hsmtrail', value: alone.rps, unit: 'req/s', note: note(alone) },
          {
            benchmark: `CreateCluster (32 conns), beside ${PEOPLE} console users at a human pace, cluster list one page (${peopleRps.toFixed(1)} reads/s)`,
            subject: 'hsmtrail',
            value: besidePeople.rps,
            unit: 'req/s',
            note: note(besidePeople),
          },
          {
            benchmark: `CreateCluster (32 conns), beside ${PEOPLE} console users at a human pace, cluster list whole as before (${wholeListRps.toFixed(1)} reads/s)`,
            subject: 'before',
            value: besideWholeList.rps,
            unit: 'req/s',
            note: note(besideWholeList),
          },
          {
            benchmark: 'CreateCluster (32 conns), beside console reads',
            subject: 'hsmtrail',
            value: beside.rps,
            unit: 'req/s',
            note: note(beside),
          },
          {
            benchmark: `console reads beside: event history page (LookupEvents 50, ${READERS} conns)`,
            subject: 'hsmtrail',
            value: history.rps,
            unit: 'req/s',
            note: note(history),
          },
          {
            benchmark: `console reads beside: cluster list (DescribeClusters, ${READERS} conns)`,
            subject: 'hsmtrail',
            value: clusters.rps,
            unit: 'req/s',
            note: note(clusters),
          },
          {
            benchmark: 'CreateCluster (32 conns), beside the same reads signed straight to the gateway',
            subject: 'control',
            value: besideDirect.rps,
            unit: 'req/s',
            note: note(besideDirect),
          },
          {
            benchmark: 'direct reads beside: LookupEvents 50',
            subject: 'control',
            value: directHistory.rps,
            unit: 'req/s',
            note: note(directHistory),
          },
          {
            benchmark: 'direct reads beside: DescribeClusters',
            subject: 'control',
            value: directClusters.rps,
            unit: 'req/s',
            note: note(directClusters),
          },
        );
      }
      // The store the run left behind, writes stopped: the cluster list opened as the page does now, and as before.
      const onePage = [];
      for (let i = 0; i < 5; i++) onePage.push(await openClusterList(false));
      const wholeList = await openClusterList(true);
      const open = `cluster list opened once, no writes, ${wholeList.reads} pages of clusters in the store`;
      rows.push(
        {
          benchmark: `${open}: one page (now)`,
          subject: 'hsmtrail',
          value: median(onePage.map((o) => o.ms)),
          unit: 'ms',
          note: 'median of 5; 1 DescribeClusters',
        },
        {
          benchmark: `${open}: every page (before)`,
          subject: 'before',
          value: wholeList.ms,
          unit: 'ms',
          note: `${wholeList.reads} DescribeClusters, one after another`,
        },
      );
    } finally {
      await server.stop();
    }
    return rows;
  },
};

function ok(what: string, r: LoadResult): LoadResult {
  const bad = Object.keys(r.statuses).filter((s) => s !== '200');
  if (bad.length || r.errors) throw new Error(`${what}: non-200 answers ${JSON.stringify(r.statuses)}, ${r.errors} errors`);
  return r;
}
