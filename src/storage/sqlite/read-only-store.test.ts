import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReadOnlyStore } from '../offline.js';
import { SqliteStore } from './store.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const event = (n: number) => ({
  eventId: `e-${n}`,
  eventTime: new Date(n * 1000),
  region: 'us-east-1',
  eventSource: 'sts.amazonaws.com',
  eventName: 'GetCallerIdentity',
  readOnly: true,
  eventCategory: 'Management' as const,
  record: `{"n":${n}}`,
});

describe('openReadOnlyStore', () => {
  it('reads what a running store committed, on snapshots, and refuses writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-ro-'));
    dirs.push(dir);
    const live = new SqliteStore(join(dir, 'hsmtrail.db'));
    await live.write((tx) => tx.events.append(event(1)));
    const offline = openReadOnlyStore({ dataDir: dir });
    try {
      expect(await offline.read((tx) => tx.events.lastSeq())).toBe(1);
      await live.write((tx) => tx.events.append(event(2)));
      const ran: string[] = [];
      const seen = await offline.read(async (tx) => {
        tx.afterCommit(() => void ran.push('hook'));
        return (await tx.events.readAfter(0, 10)).map((e) => e.eventId);
      });
      expect(seen).toEqual(['e-1', 'e-2']);
      expect(ran).toEqual(['hook']);
      await expect(offline.write((tx) => tx.events.append(event(3)))).rejects.toThrow('read-only');
    } finally {
      offline.close();
      live.close();
    }
  });

  it('says so when the data directory holds no store', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-ro-'));
    dirs.push(dir);
    expect(() => openReadOnlyStore({ dataDir: dir })).toThrow(/no event store/);
  });
});
