// Ad-hoc: profile N in-process DescribeClusters calls (node --cpu-prof --import tsx bench/profile-describe.ts).
import { gatewayHarness } from '../test/support/gateway.js';

const h = await gatewayHarness();
const req = await h.sign(
  {
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'BaldrApiService.DescribeClusters' },
    body: Buffer.from(JSON.stringify({ MaxResults: 25 })),
  },
  'cloudhsm',
);
const N = Number(process.env.N ?? 20000);
const CONC = 32;
let left = N;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: CONC }, async () => {
    while (left-- > 0) {
      const r = await h.send(req);
      if (r.status !== 200) throw new Error(r.body);
    }
  }),
);
const ms = performance.now() - t0;
console.log(`${N} DescribeClusters in ${ms.toFixed(0)} ms: ${((N / ms) * 1000).toFixed(0)} req/s in-process`);
await h.close();
