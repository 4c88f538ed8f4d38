import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../storage/sqlite/store.js';
import { DeposedLeaderError, WorkerLeader, fencedStore } from './leader.js';

const logger = pino({ level: 'silent' });
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-leader-'));
  dirs.push(dir);
  const store = new SqliteStore(join(dir, 'store.db'));
  let now = Date.parse('2026-12-01T00:00:00Z');
  const clock = () => new Date(now);
  const node = (holder: string, isDeadIncarnation?: (h: string) => boolean) => {
    const running = { count: 0 };
    const worker = { start: () => void running.count++, stop: () => void running.count-- };
    // renewEveryMs is large: the test steps the rounds itself, so timing never depends on the machine.
    const leader = new WorkerLeader(store, [worker], { holder, ttlMs: 10_000, renewEveryMs: 3_600_000, clock, logger, isDeadIncarnation });
    return { leader, running };
  };
  return { store, node, advance: (ms: number) => (now += ms) };
}

describe('WorkerLeader', () => {
  it('runs the workers on exactly one node; a clean stop hands over at the next round', async () => {
    const { store, node } = setup();
    const a = node('a');
    const b = node('b');
    await a.leader.start();
    await b.leader.start();
    expect([a.running.count, b.running.count]).toEqual([1, 0]);
    expect(a.leader.status()).toMatchObject({ leader: true, holder: 'a', token: 1 });
    expect(b.leader.status().leader).toBe(false);
    await a.leader.stop();
    expect(a.running.count).toBe(0);
    await b.leader.tick();
    expect(b.running.count).toBe(1);
    expect(b.leader.status().token).toBe(2);
    await b.leader.stop();
    store.close();
  });

  it('a leader that stops renewing loses the lease after its ttl; its late writes are fenced', async () => {
    const { store, node, advance } = setup();
    const a = node('a');
    const b = node('b');
    await a.leader.start();
    await b.leader.start();
    advance(5_000);
    await b.leader.tick();
    expect(b.running.count).toBe(0); // a's lease still runs
    advance(5_000); // a has not renewed for its whole ttl: it is presumed dead
    await b.leader.tick();
    expect(b.running.count).toBe(1);
    // a wakes up still believing it leads: its fenced write is refused ...
    await expect(store.write((tx) => a.leader.fence(tx))).rejects.toBeInstanceOf(DeposedLeaderError);
    await expect(store.write((tx) => b.leader.fence(tx))).resolves.toBeUndefined();
    // ... and its next round stops its workers.
    await a.leader.tick();
    expect(a.running.count).toBe(0);
    await a.leader.stop();
    await b.leader.stop();
    store.close();
  });

  it("a fenced store commits a worker's write only while its node leads; a deposed leader's write rolls back", async () => {
    const { store, node, advance } = setup();
    const a = node('a');
    const b = node('b');
    await a.leader.start();
    const viaA = fencedStore(store, (tx) => a.leader.fence(tx));
    await viaA.write((tx) => tx.cursors.advance('trail:x', 1));
    advance(10_000);
    await b.leader.start(); // a missed its renewals: b takes over
    await expect(viaA.write((tx) => tx.cursors.advance('trail:x', 2))).rejects.toBeInstanceOf(DeposedLeaderError);
    expect(await store.read((tx) => tx.cursors.get('trail:x'))).toBe(1);
    await a.leader.stop();
    await b.leader.stop();
    store.close();
  });

  it('a node that never started takes no part in the election: nothing is fenced there', async () => {
    const { store, node } = setup();
    const idle = node('idle');
    await fencedStore(store, (tx) => idle.leader.fence(tx)).write((tx) => tx.cursors.advance('trail:y', 3));
    expect(await store.read((tx) => tx.cursors.get('trail:y'))).toBe(3);
    store.close();
  });

  it("a restarted node takes its dead predecessor's lease at once; another node waits for the ttl", async () => {
    const { store, node } = setup();
    const before = node('host:n1:100');
    await before.leader.start(); // then killed: it never releases the lease
    const other = node('host:n2:200', () => false);
    await other.leader.start();
    expect(other.running.count).toBe(0);
    const restarted = node('host:n1:300', (h) => h === 'host:n1:100');
    await restarted.leader.start();
    expect(restarted.leader.status()).toMatchObject({ leader: true, token: 2 });
    expect(restarted.running.count).toBe(1);
    await expect(store.write((tx) => before.leader.fence(tx))).rejects.toBeInstanceOf(DeposedLeaderError);
    await restarted.leader.stop();
    await other.leader.stop();
    store.close();
  });
});
