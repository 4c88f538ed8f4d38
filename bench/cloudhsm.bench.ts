/**
 * CloudHSM control plane: CreateCluster and DescribeClusters throughput against moto_server (the
 * same requests, re-signed with moto's dummy keys), and DescribeClusters latency as the store grows
 * from 10 to 10,000 clusters — keyset pagination should keep a page's cost flat.
 */
import { defaultSubnets } from '../test/conformance/cloudhsm-helpers.js';
import { startMotoServer, type MotoServer } from '../test/contract/moto-server.js';
import { startServer, type RunningServer } from '../test/support/server.js';
import type { Bench, BenchRow } from './harness.js';
import { signed } from './harness.js';
import { load } from './load.js';
import type { LoadResult } from './loadgen.js';

const TARGET = 'BaldrApiService';
const MOTO_CREDS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
/** Both servers get the same page size (moto's default is 100, AWS's and ours 25). */
const DESCRIBE_BODY = JSON.stringify({ MaxResults: 25 });
const SIZES = [10, 2_400, 10_000];
const SEED_CONCURRENCY = 16;

type Signed = Awaited<ReturnType<typeof signed>>;

interface Target {
  name: string;
  sign(op: string, body: string): Promise<Signed>;
}

function hsmtrailTarget(server: RunningServer): Target {
  return { name: 'hsmtrail', sign: (op, body) => signed(server, request(op, body)) };
}

/** moto accepts any signature; the request is signed with its dummy keys against its endpoint. */
function motoTarget(moto: MotoServer, like: RunningServer): Target {
  return { name: 'moto', sign: (op, body) => signed({ ...like, endpoint: moto.endpoint }, request(op, body), MOTO_CREDS) };
}

const request = (op: string, body: string) => ({
  service: 'cloudhsm',
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET}.${op}` },
  body,
});

const fire = (r: Signed, spec: { connections?: number; durationMs?: number } = {}) =>
  load({ url: r.url, method: 'POST', headers: r.headers, body: r.body, ...spec });

function checkOk(target: string, op: string, r: LoadResult): LoadResult {
  const bad = Object.keys(r.statuses).filter((s) => s !== '200');
  if (bad.length || r.errors) throw new Error(`${target} ${op}: non-200 answers ${JSON.stringify(r.statuses)}, ${r.errors} errors`);
  return r;
}

/** Creates exactly `n` clusters with the same signed request, SEED_CONCURRENCY at a time. */
async function seed(r: Signed, n: number): Promise<void> {
  let left = n;
  const worker = async () => {
    while (left-- > 0) {
      const res = await fetch(r.url, { method: 'POST', headers: r.headers, body: r.body });
      if (res.status !== 200) throw new Error(`seeding CreateCluster: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
}

const startOurs = () => startServer({ args: ['--log-level', 'warn'], env: { HSMTRAIL_CLOUDHSM_CLUSTER_QUOTA: '1000000' } });

/** CreateCluster and DescribeClusters (10 clusters) req/s on both servers, one after the other. */
async function throughput(createBody: string): Promise<BenchRow[]> {
  const ours = await startOurs();
  const moto = await startMotoServer();
  try {
    const body = createBody.replace('SUBNET', (await defaultSubnets(ours))[0]!.id);
    const rows: BenchRow[] = [];
    for (const t of [hsmtrailTarget(ours), motoTarget(moto, ours)]) {
      await seed(await t.sign('CreateCluster', body), 10);
      const describe = checkOk(t.name, 'DescribeClusters', await fire(await t.sign('DescribeClusters', DESCRIBE_BODY)));
      const create = checkOk(t.name, 'CreateCluster', await fire(await t.sign('CreateCluster', body)));
      rows.push(
        {
          benchmark: 'DescribeClusters (10 clusters, 32 conns)',
          subject: t.name,
          value: describe.rps,
          unit: 'req/s',
          note: `p99 ${describe.p99ms.toFixed(1)} ms`,
        },
        {
          benchmark: 'CreateCluster (32 conns)',
          subject: t.name,
          value: create.rps,
          unit: 'req/s',
          note: `p99 ${create.p99ms.toFixed(1)} ms`,
        },
      );
    }
    return rows;
  } finally {
    await Promise.all([ours.stop(), moto.stop()]);
  }
}

/** DescribeClusters latency (one connection) as our store grows; moto's rate at 2,400 clusters. */
async function scaling(createBody: string): Promise<BenchRow[]> {
  const ours = await startOurs();
  const moto = await startMotoServer();
  try {
    const body = createBody.replace('SUBNET', (await defaultSubnets(ours))[0]!.id);
    const rows: BenchRow[] = [];
    const t = hsmtrailTarget(ours);
    const create = await t.sign('CreateCluster', body);
    let have = 0;
    for (const n of SIZES) {
      await seed(create, n - have);
      have = n;
      const r = checkOk(
        t.name,
        'DescribeClusters',
        await fire(await t.sign('DescribeClusters', DESCRIBE_BODY), { connections: 1, durationMs: 3000 }),
      );
      rows.push(
        { benchmark: `DescribeClusters, ${n} clusters (1 conn)`, subject: 'hsmtrail p50', value: r.p50ms, unit: 'ms' },
        {
          benchmark: `DescribeClusters, ${n} clusters (1 conn)`,
          subject: 'hsmtrail p99',
          value: r.p99ms,
          unit: 'ms',
          note: `${r.rps.toFixed(0)} req/s`,
        },
      );
      if (n === 2_400) {
        const many = checkOk(t.name, 'DescribeClusters', await fire(await t.sign('DescribeClusters', DESCRIBE_BODY)));
        rows.push({ benchmark: 'DescribeClusters, 2400 clusters (32 conns)', subject: 'hsmtrail', value: many.rps, unit: 'req/s' });
      }
    }
    const m = motoTarget(moto, ours);
    await seed(await m.sign('CreateCluster', body), 2_400);
    const one = checkOk(
      'moto',
      'DescribeClusters',
      await fire(await m.sign('DescribeClusters', DESCRIBE_BODY), { connections: 1, durationMs: 3000 }),
    );
    const many = checkOk('moto', 'DescribeClusters', await fire(await m.sign('DescribeClusters', DESCRIBE_BODY)));
    rows.push(
      { benchmark: 'DescribeClusters, 2400 clusters (1 conn)', subject: 'moto p50', value: one.p50ms, unit: 'ms' },
      {
        benchmark: 'DescribeClusters, 2400 clusters (1 conn)',
        subject: 'moto p99',
        value: one.p99ms,
        unit: 'ms',
        note: `${one.rps.toFixed(0)} req/s`,
      },
      { benchmark: 'DescribeClusters, 2400 clusters (32 conns)', subject: 'moto', value: many.rps, unit: 'req/s' },
    );
    return rows;
  } finally {
    await Promise.all([ours.stop(), moto.stop()]);
  }
}

export const cloudhsmBench: Bench = {
  name: 'cloudhsm',
  async run(): Promise<BenchRow[]> {
    const createBody = JSON.stringify({ HsmType: 'hsm2m.medium', SubnetIds: ['SUBNET'] });
    return [...(await throughput(createBody)), ...(await scaling(createBody))];
  },
};
