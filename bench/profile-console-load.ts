// The console-load situation in one process, for `node --cpu-prof`: CreateCluster at full rate (32 in flight)
// grows the store while the two console reads (an event history page of 50, the cluster list) run at READS_PER_S,
// with the background workers running as in `hsmtrail serve`. Prints, per second, the write rate and the reads'
// latency as the store grows, so a read whose cost grows with the store shows as a rising column.
//   SECONDS=30 READS_PER_S=10 VIA=gateway|console node --cpu-prof --import tsx bench/profile-console-load.ts
// READS_PER_S=0 is the writes-alone control.
import { AwsBridge } from '../src/console/aws-bridge.js';
import { gatewayHarness, type GatewayHarness } from '../test/support/gateway.js';
import { firstSubnet, signedJson } from './in-process.js';

const SECONDS = Number(process.env.SECONDS ?? 30);
const READS_PER_S = Number(process.env.READS_PER_S ?? 10);
const VIA = process.env.VIA ?? 'gateway';
const WRITERS = 32;

const h = await gatewayHarness({ env: { HSMTRAIL_CLOUDHSM_CLUSTER_QUOTA: '1000000' } });
await h.app.start();

const json = (target: string, body: object, service: string) => signedJson(h, target, body, service);
const subnet = await firstSubnet(h);
const create = await json('BaldrApiService.CreateCluster', { HsmType: 'hsm2m.medium', SubnetIds: [subnet] }, 'cloudhsm');

type Read = () => Promise<void>;
const reads = VIA === 'console' ? consoleReads(h) : await gatewayReads();

async function gatewayReads(): Promise<[string, Read][]> {
  const lookup = await json('com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents', { MaxResults: 50 }, 'cloudtrail');
  const describe = await json('BaldrApiService.DescribeClusters', { MaxResults: 25 }, 'cloudhsm');
  const send = (req: typeof lookup) => async () => {
    const r = await h.send(req);
    if (r.status !== 200) throw new Error(r.body);
  };
  return [
    ['LookupEvents', send(lookup)],
    ['DescribeClusters', send(describe)],
  ];
}

/** Through the console backend's bridge: an SDK client per call, handed to the gateway in-process. */
function consoleReads(harness: GatewayHarness): [string, Read][] {
  const bridge = new AwsBridge(harness.app.gateway, harness.region, 'http://127.0.0.1:4599');
  const creds = { ...harness.credentials, sessionToken: '' };
  const conn = { sourceIp: '127.0.0.1', userAgent: 'profile' };
  return [
    ['LookupEvents', async () => void (await bridge.call('cloudtrail', 'LookupEvents', { MaxResults: 50 }, creds, conn))],
    ['DescribeClusters', async () => void (await bridge.call('cloudhsmv2', 'DescribeClusters', { MaxResults: 25 }, creds, conn))],
  ];
}

let created = 0;
const until = performance.now() + SECONDS * 1000;
// CPU time per second as well as counts: on a shared machine the CPU a write costs is steadier than its rate.
const perSecond: { writes: number; ms: Record<string, number[]>; cpu: NodeJS.CpuUsage }[] = [];
const second = () => {
  const i = Math.floor((performance.now() - t0) / 1000);
  return (perSecond[i] ??= { writes: 0, ms: {}, cpu: process.cpuUsage() });
};
const t0 = performance.now();
const writers = Array.from({ length: WRITERS }, async () => {
  while (performance.now() < until) {
    const r = await h.send(create);
    if (r.status !== 200) throw new Error(r.body);
    created++;
    second().writes++;
  }
});
const reader = (async () => {
  if (READS_PER_S <= 0) return;
  for (let n = 0; performance.now() < until; n++) {
    const started = performance.now();
    const [name, read] = reads[n % reads.length]!;
    await read();
    (second().ms[name] ??= []).push(performance.now() - started);
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 / READS_PER_S - (performance.now() - started))));
  }
})();
await Promise.all([...writers, reader]);

const median = (xs: number[] | undefined) => (xs?.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(1) : '-');
console.log(`VIA=${VIA} READS_PER_S=${READS_PER_S}: ${created} clusters in ${SECONDS} s (${(created / SECONDS).toFixed(0)}/s)`);
console.log(
  'second | clusters so far | CreateCluster/s | CPU µs per call (all threads) | LookupEvents ms (median) | DescribeClusters ms (median)',
);
let total = 0;
perSecond.forEach((s, i) => {
  const next = perSecond[i + 1];
  total += s.writes;
  const calls = s.writes + Object.values(s.ms).reduce((n, xs) => n + xs.length, 0);
  const cpu = next ? (next.cpu.user + next.cpu.system - s.cpu.user - s.cpu.system) / calls : NaN;
  console.log(`${i} | ${total} | ${s.writes} | ${cpu.toFixed(0)} | ${median(s.ms.LookupEvents)} | ${median(s.ms.DescribeClusters)}`);
});
await h.close();
