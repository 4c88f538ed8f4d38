import { createServer } from 'node:net';
import pino from 'pino';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/audit/events/ports.js';
import { DeposedLeaderError, WorkerLeader } from '../../src/app/leader.js';
import { PG_SCHEMA } from '../../src/storage/postgres/migrations/index.js';
import type { Tx } from '../../src/storage/ports.js';
import { PgStore } from '../../src/storage/postgres/store.js';
import { createDatabase, createEmptyDatabase, hasPostgres, restartCluster } from '../support/postgres.js';

/**
 * Several server nodes on one PostgreSQL database, in one process: each PgStore is a node's store
 * (its own pool). Under CI=true missing PostgreSQL binaries fail (hasPostgres), never skip.
 */

const event = (n: number): Omit<StoredEvent, 'seq'> => ({
  eventId: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
  eventTime: new Date(Date.UTC(2026, 11, 1, 0, 0, n % 60)),
  region: 'us-east-1',
  eventSource: 'iam.amazonaws.com',
  eventName: 'CreateUser',
  readOnly: false,
  eventCategory: 'Management',
  record: JSON.stringify({ n }),
});

const stores: PgStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});
const node = (url: string) => {
  const store = new PgStore(url, { max: 4 });
  stores.push(store);
  return store;
};

describe.skipIf(!hasPostgres())('PostgreSQL store shared by several nodes', () => {
  it("each node sees the other's committed writes at its next read", async () => {
    const url = await createDatabase();
    const [a, b] = [node(url), node(url)];
    await a.write((tx) => tx.cursors.advance('trail:x', 5));
    expect(await b.read((tx) => tx.cursors.get('trail:x'))).toBe(5);
    await b.write((tx) => tx.cursors.advance('trail:x', 9));
    expect(await a.read((tx) => tx.cursors.get('trail:x'))).toBe(9);
  });

  it('nodes opening an empty database together migrate it exactly once', async () => {
    const url = await createEmptyDatabase();
    const nodes = [node(url), node(url), node(url)];
    await Promise.all(nodes.map((n) => n.ready));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM schema_migrations');
      expect(Number(rows[0]!.n)).toBe(PG_SCHEMA.reduce((sum, m) => sum + m.migrations.length, 0));
    } finally {
      await client.end();
    }
    // Every node works on the one schema.
    const seqs = await Promise.all(nodes.map((n, i) => n.write((tx) => tx.events.append(event(i + 1)))));
    expect(new Set(seqs).size).toBe(3);
  });

  it('a later-committing write on another node never gets a seq below one a reader already saw', async () => {
    const url = await createDatabase();
    const [a, b, reader] = [node(url), node(url), node(url)];
    let releaseA!: () => void;
    const held = new Promise<void>((r) => (releaseA = r));
    let appendedA!: () => void;
    const aAppended = new Promise<void>((r) => (appendedA = r));
    // a appends and keeps its transaction open; b's write queues behind a's write lock.
    const writeA = a.write(async (tx) => {
      const seq = await tx.events.append(event(1));
      appendedA();
      await held;
      return seq;
    });
    await aAppended;
    const writeB = b.write((tx) => tx.events.append(event(2)));
    await new Promise((r) => setTimeout(r, 200));
    expect(await reader.read((tx) => tx.events.readAfter(0, 10))).toEqual([]);
    releaseA();
    const [seqA, seqB] = await Promise.all([writeA, writeB]);
    expect(seqB).toBeGreaterThan(seqA);
    expect((await reader.read((tx) => tx.events.readAfter(0, 10))).map((e) => e.seq)).toEqual([seqA, seqB]);
  });

  it("an event-only append on another node commits after a write that appended first, never below the write's seq", async () => {
    const url = await createDatabase();
    const [a, b, reader] = [node(url), node(url), node(url)];
    let releaseA!: () => void;
    const held = new Promise<void>((r) => (releaseA = r));
    let appendedA!: () => void;
    const aAppended = new Promise<void>((r) => (appendedA = r));
    const writeA = a.write(async (tx) => {
      const seq = await tx.events.append(event(1));
      appendedA();
      await held;
      return seq;
    });
    await aAppended;
    // Without the event-order lock b's event would commit now, with a larger seq than a's uncommitted one,
    // and a cursor reading it would pass a's event for good.
    const appendB = b.appendEvents([event(2)]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await reader.read((tx) => tx.events.readAfter(0, 10))).toEqual([]);
    releaseA();
    await Promise.all([writeA, appendB]);
    expect((await reader.read((tx) => tx.events.readAfter(0, 10))).map((e) => e.record)).toEqual([event(1).record, event(2).record]);
  });

  it("an event-only append does not wait for another node's write that has not appended yet", async () => {
    const url = await createDatabase();
    const [a, b] = [node(url), node(url)];
    let releaseA!: () => void;
    const held = new Promise<void>((r) => (releaseA = r));
    let bodyA!: () => void;
    const inBody = new Promise<void>((r) => (bodyA = r));
    const writeA = a.write(async (tx) => {
      await tx.cursors.advance('trail:x', 1); // a state change: a holds the body lock
      bodyA();
      await held; // released only once b's event has committed: a wait on the body lock would never end
      return tx.events.append(event(1));
    });
    await inBody;
    await b.appendEvents([event(2)]);
    releaseA();
    const seqA = await writeA;
    const stored = await b.read((tx) => tx.events.readAfter(0, 10));
    expect(stored.map((e) => e.record)).toEqual([event(2).record, event(1).record]);
    expect(stored[1]!.seq).toBe(seqA);
  });

  it("nextSeq holds the event order until the write commits: another node's event-only append comes after the write's own", async () => {
    const url = await createDatabase();
    const [a, b, reader] = [node(url), node(url), node(url)];
    await b.appendEvents([event(1)]);
    let releaseA!: () => void;
    const held = new Promise<void>((r) => (releaseA = r));
    let reservedA!: () => void;
    const reserved = new Promise<void>((r) => (reservedA = r));
    const writeA = a.write(async (tx) => {
      const next = await tx.events.nextSeq();
      reservedA();
      await held;
      return [next, await tx.events.append(event(2))] as const;
    });
    await reserved;
    const appendB = b.appendEvents([event(3)]);
    await new Promise((r) => setTimeout(r, 300));
    expect((await reader.read((tx) => tx.events.readAfter(0, 10))).map((e) => e.record)).toEqual([event(1).record]);
    releaseA();
    const [[next, own]] = await Promise.all([writeA, appendB]);
    expect(own).toBe(next);
    expect((await reader.read((tx) => tx.events.readAfter(0, 10))).map((e) => e.record)).toEqual([1, 2, 3].map((n) => event(n).record));
  });

  it('under concurrent writes and event-only appends from two nodes a cursor following the log never skips an event', async () => {
    const url = await createDatabase();
    const [a, b, reader] = [node(url), node(url), node(url)];
    const writes = Array.from({ length: 90 }, (_, i) => {
      const n = 500 + i;
      const store = i % 2 ? a : b;
      if (i % 3 === 0) return store.write((tx) => tx.events.append(event(n)));
      return store.appendEvents([event(n)]).then(() => n);
    });
    const seen: string[] = [];
    let cursor = 0;
    const done = Promise.all(writes);
    let finished = false;
    void done.then(() => (finished = true));
    for (;;) {
      const allCommitted = finished;
      const batch = await reader.read((tx) => tx.events.readAfter(cursor, 7));
      for (const e of batch) seen.push(e.record);
      if (batch.length) cursor = batch[batch.length - 1]!.seq;
      else if (allCommitted) break;
    }
    await done;
    expect(seen.sort()).toEqual(Array.from({ length: 90 }, (_, i) => event(500 + i).record).sort());
  });

  it('under concurrent writes from two nodes a cursor following the log never skips an event', async () => {
    const url = await createDatabase();
    const [a, b, reader] = [node(url), node(url), node(url)];
    const writes = Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).write((tx) => tx.events.append(event(100 + i))));
    const seen: number[] = [];
    let cursor = 0;
    const done = Promise.all(writes);
    let finished = false;
    void done.then(() => (finished = true));
    for (;;) {
      // Sampled before the read: a read whose snapshot predates the last commit may come back empty.
      const allCommitted = finished;
      const batch = await reader.read((tx) => tx.events.readAfter(cursor, 7));
      for (const e of batch) seen.push(e.seq);
      if (batch.length) cursor = batch[batch.length - 1]!.seq;
      else if (allCommitted) break;
    }
    expect(seen.sort((x, y) => x - y)).toEqual((await done).sort((x, y) => x - y));
  });

  it('a write acknowledged just before PostgreSQL crashes is there after the restart, though the server defaults to asynchronous commit', async () => {
    const url = await createDatabase();
    const a = node(url);
    // The throwaway cluster runs with synchronous_commit=off: a COMMIT there returns before its WAL is written.
    expect((await a.pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]!.synchronous_commit).toBe('off');
    const acknowledged: string[] = [];
    for (let i = 0; i < 40; i++) {
      // A state-changing write, and an event-only append (its own one-statement transaction).
      await a.write((tx) => tx.events.append(event(300 + i)));
      await a.appendEvents([event(400 + i)]);
      acknowledged.push(event(300 + i).record, event(400 + i).record);
    }
    await restartCluster(); // immediate: like a crash, WAL buffers not yet written are gone
    const kept = await node(url).read((tx) => tx.events.readAfter(0, 1000));
    expect(kept.map((e) => e.record)).toEqual(acknowledged);
  });

  it("a deposed leader's fenced write is refused on every node", async () => {
    const url = await createDatabase();
    const [storeA, storeB] = [node(url), node(url)];
    let now = Date.parse('2026-12-01T00:00:00Z');
    const clock = () => new Date(now);
    const logger = pino({ level: 'silent' });
    const leader = (store: PgStore, holder: string) =>
      new WorkerLeader(store, [], { holder, ttlMs: 10_000, renewEveryMs: 3_600_000, clock, logger });
    const a = leader(storeA, 'a');
    const b = leader(storeB, 'b');
    await a.start();
    await b.start();
    expect(a.status().leader).toBe(true);
    now += 10_000; // a has not renewed for its whole ttl
    await b.tick();
    expect(b.status()).toMatchObject({ leader: true, token: 2 });
    await expect(storeA.write((tx) => a.fence(tx))).rejects.toBeInstanceOf(DeposedLeaderError);
    await expect(storeB.write((tx) => a.fence(tx))).rejects.toBeInstanceOf(DeposedLeaderError);
    await expect(storeB.write((tx) => b.fence(tx))).resolves.toBeUndefined();
    await a.stop();
    await b.stop();
  });

  it('writes queued together share a commit, and one failing statement rolls back only its own unit', async () => {
    const url = await createDatabase();
    const store = node(url);
    const writes = [1, 2, 1, 3].map((n) => store.write((tx) => tx.events.append(event(n)))); // the second 1 is a duplicate
    const settled = await Promise.allSettled(writes);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const stored = await store.read((tx) => tx.events.readAfter(0, 10));
    expect(stored.map((e) => e.record)).toEqual([1, 2, 3].map((n) => event(n).record));
  });

  it('when the first unit of a batch fails, the units queued behind it still commit', async () => {
    const store = node(await createDatabase());
    await store.write((tx) => tx.events.append(event(9)));
    const settled = await Promise.allSettled([9, 10, 11].map((n) => store.write((tx) => tx.events.append(event(n)))));
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect((await store.read((tx) => tx.events.readAfter(0, 10))).map((e) => e.record)).toEqual([9, 10, 11].map((n) => event(n).record));
  });

  it('a write that swallows a failed statement is refused, not reported durable', async () => {
    const store = node(await createDatabase());
    await expect(
      store.write(async (tx) => {
        await tx.events.append(event(1));
        await tx.events.append(event(1)).catch(() => undefined); // PostgreSQL aborts the transaction here
      }),
    ).rejects.toThrow('PostgreSQL aborted its transaction');
    expect(await store.read((tx) => tx.events.readAfter(0, 10))).toEqual([]);
  });

  it('inside a shared batch, only the unit that swallowed a failed statement fails', async () => {
    const store = node(await createDatabase());
    const swallowing = async (tx: Tx) => {
      await tx.events.append(event(2));
      await tx.events.append(event(2)).catch(() => undefined); // PostgreSQL aborts up to this unit's savepoint
    };
    const settled = await Promise.allSettled([
      store.write((tx) => tx.events.append(event(1))),
      store.write(swallowing),
      store.write((tx) => tx.events.append(event(3))),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.read((tx) => tx.events.readAfter(0, 10))).map((e) => e.record)).toEqual([1, 3].map((n) => event(n).record));
  });

  it('an unreachable server is reported with where and what to do, never the password', async () => {
    const port = await closedPort();
    const store = node(`postgres://hsmtrail:s3cret-pw@127.0.0.1:${port}/nowhere`);
    const err = await store.ready.then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toContain(`cannot open the PostgreSQL store at 127.0.0.1:${port}/nowhere`);
    expect(err?.message).toContain('check that PostgreSQL is running');
    expect(err?.message).not.toContain('s3cret-pw');
    await expect(store.read((tx) => tx.events.lastSeq())).rejects.toThrow('cannot open the PostgreSQL store');
  });
});

/** A port nothing listens on (taken, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
