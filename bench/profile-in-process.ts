// For profiling the request path without sockets: N concurrent in-process calls through the real gateway.
//   N=40000 OP=sts node --cpu-prof --import tsx bench/profile-in-process.ts   (GetCallerIdentity; OP=lookup: LookupEvents 50;
//   default DescribeClusters 25)
import { gatewayHarness } from '../test/support/gateway.js';
import { firstSubnet, signedJson } from './in-process.js';

const h = await gatewayHarness({ env: { HSMTRAIL_CLOUDHSM_CLUSTER_QUOTA: '1000000' } });
const OPS: Record<string, [name: string, service: string, target: string, body: object]> = {
  describe: ['DescribeClusters', 'cloudhsm', 'BaldrApiService.DescribeClusters', { MaxResults: 25 }],
  lookup: ['LookupEvents', 'cloudtrail', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents', { MaxResults: 50 }],
};
const [opName, service, target, input] = OPS[process.env.OP ?? 'describe'] ?? OPS.describe!;
const req =
  process.env.OP === 'sts'
    ? await h.sign(
        {
          method: 'POST',
          path: '/',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
          body: Buffer.from('Action=GetCallerIdentity&Version=2011-06-15'),
        },
        'sts',
      )
    : await signedJson(h, target, input, service);
// CLUSTERS=10 seeds that many clusters first, each with its CreateCluster event (DescribeClusters answers 25 at most).
const subnet = await firstSubnet(h);
const create = await signedJson(h, 'BaldrApiService.CreateCluster', { HsmType: 'hsm2m.medium', SubnetIds: [subnet] }, 'cloudhsm');
let seeds = Number(process.env.CLUSTERS ?? 0);
await Promise.all(
  Array.from({ length: 32 }, async () => {
    while (seeds-- > 0) {
      const created = await h.send(create);
      if (created.status !== 200) throw new Error(created.body);
    }
  }),
);
const N = Number(process.env.N ?? 20000);
const CONC = 32;
let left = N;
const t0 = performance.now();
const cpu0 = process.cpuUsage(); // CPU per call: steadier than the rate on a shared machine
await Promise.all(
  Array.from({ length: CONC }, async () => {
    while (left-- > 0) {
      const r = await h.send(req);
      if (r.status !== 200) throw new Error(r.body);
    }
  }),
);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(
  `${N} ${process.env.OP === 'sts' ? 'GetCallerIdentity' : opName} calls in ${ms.toFixed(0)} ms: ${((N / ms) * 1000).toFixed(0)} req/s in-process, ${((cpu.user + cpu.system) / N).toFixed(0)} µs CPU per call`,
);
await h.close();
