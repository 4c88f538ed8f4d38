import type { Bench, BenchRow } from './harness.js';
import { signed, startBareServer, startHsmtrail } from './harness.js';
import { load, median } from './load.js';

const ROUNDS = 3;

/** Issue 2: authenticated GetCallerIdentity against a bare node:http server, same generator, same run. */
export const gatewayBench: Bench = {
  name: 'gateway',
  async run(): Promise<BenchRow[]> {
    const bare = await startBareServer();
    const server = await startHsmtrail();
    try {
      const req = await signed(server, {
        service: 'sts',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: 'Action=GetCallerIdentity&Version=2011-06-15',
      });
      const ours = [];
      const peer = [];
      for (let i = 0; i < ROUNDS; i++) {
        peer.push(await load({ url: bare.url, method: 'POST', headers: req.headers, body: req.body }));
        ours.push(await load({ url: req.url, method: 'POST', headers: req.headers, body: req.body }));
      }
      const bad = ours.find((r) => Object.keys(r.statuses).some((s) => s !== '200'));
      if (bad) throw new Error(`non-200 answers from hsmtrail: ${JSON.stringify(bad.statuses)}`);
      const oursRps = median(ours.map((r) => r.rps));
      const peerRps = median(peer.map((r) => r.rps));
      return [
        { benchmark: 'GetCallerIdentity (SigV4, root)', subject: 'hsmtrail', value: oursRps, unit: 'req/s' },
        { benchmark: 'GetCallerIdentity (SigV4, root)', subject: 'hsmtrail p50', value: median(ours.map((r) => r.p50ms)), unit: 'ms' },
        { benchmark: 'GetCallerIdentity (SigV4, root)', subject: 'hsmtrail p99', value: median(ours.map((r) => r.p99ms)), unit: 'ms' },
        { benchmark: 'fixed body', subject: 'bare node:http', value: peerRps, unit: 'req/s' },
        { benchmark: 'fixed body', subject: 'bare p50', value: median(peer.map((r) => r.p50ms)), unit: 'ms' },
        { benchmark: 'fixed body', subject: 'bare p99', value: median(peer.map((r) => r.p99ms)), unit: 'ms' },
        { benchmark: 'ratio', subject: 'hsmtrail / bare', value: (100 * oursRps) / peerRps, unit: '%', note: 'target ≥ 40%' },
      ];
    } finally {
      bare.stop();
      await server.stop();
    }
  },
};
