// Statements (node-postgres `query` calls, each one round trip) an audited call sends on PostgreSQL, one
// call at a time in-process, and how many of them run while the cross-node body lock is held:
//   node --import tsx bench/pg-statements.ts
import pg from 'pg';
import { createDatabase } from '../test/support/postgres.js';
import { gatewayHarness } from '../test/support/gateway.js';
import { firstSubnet, signedJson } from './in-process.js';
import { WRITE_LOCK_KEY } from '../src/storage/postgres/write-queue.js';
import { EVENT_ORDER_LOCK_KEY } from '../src/storage/postgres/event-order.js';

const sent: string[] = [];
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
  sent.push((text ?? '').replace(/\s+/g, ' '));
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

const h = await gatewayHarness({ flags: { database: await createDatabase() }, env: { HSMTRAIL_CLOUDHSM_CLUSTER_QUOTA: '1000000' } });
const subnet = await firstSubnet(h);
const calls = {
  CreateCluster: await signedJson(h, 'BaldrApiService.CreateCluster', { HsmType: 'hsm2m.medium', SubnetIds: [subnet] }, 'cloudhsm'),
  DescribeClusters: await signedJson(h, 'BaldrApiService.DescribeClusters', { MaxResults: 25 }, 'cloudhsm'),
};
for (const [name, req] of Object.entries(calls)) {
  await h.send(req); // warm: caches, first-use statements
  await new Promise((r) => setTimeout(r, 200));
  sent.length = 0;
  const res = await h.send(req);
  if (res.status !== 200) throw new Error(`${name}: ${res.status} ${res.body}`);
  await new Promise((r) => setTimeout(r, 200)); // the read snapshot's COMMIT is sent without waiting
  // Round trips a lock is held for: the statements sent after the one that took it, up to its COMMIT.
  const heldFor = (key: number) => {
    const at = sent.findIndex((s) => s.includes(`pg_advisory_xact_lock(${key})`));
    if (at < 0) return '-';
    const commit = sent.findIndex((s, i) => i > at && s === 'COMMIT');
    return commit < 0 ? 0 : commit - at; // no COMMIT: the statement was its own transaction
  };
  console.log(
    `${name}: ${sent.length} statements; round trips after taking the body lock: ${heldFor(WRITE_LOCK_KEY)}, the event-order lock: ${heldFor(EVENT_ORDER_LOCK_KEY)}`,
  );
  for (const s of sent) console.log(`  ${s.slice(0, 90)}`);
}
await h.close();
