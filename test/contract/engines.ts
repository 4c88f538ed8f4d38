import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe } from 'vitest';
import type { Store } from '../../src/storage/ports.js';
import { EventCompactor } from '../../src/storage/sqlite/event-compaction.js';
import { SqliteStore, type SqliteTx } from '../../src/storage/sqlite/store.js';
import { PgStore } from '../../src/storage/postgres/store.js';
import { createDatabase, hasPostgres } from '../support/postgres.js';

/** A store engine the contract suites run on: each `open` gives a fresh, migrated, empty store. */
export interface Engine {
  name: string;
  open(): Promise<Store>;
  /** Ports this engine has no repository for yet (transitional): their suites do not run on it. */
  lacks?: ReadonlySet<string>;
  /** The only ports whose suites run on it (a variant of another engine for one port). */
  only?: ReadonlySet<string>;
}

/**
 * SQLite whose every write is followed by a compaction pass over all records (age 0), the first of
 * which trains the store's own dictionary: every read in the events suites reads compressed records,
 * as event history older than the compaction age and a failing trail's backlog do.
 */
class CompactingSqliteStore extends SqliteStore {
  private readonly compactor = new EventCompactor(this, { ageMs: 0, trainAfter: 1, clock: () => new Date(8.64e15) });
  private compacting = false;

  override async write<T>(fn: (tx: SqliteTx) => T | Promise<T>): Promise<T> {
    if (this.compacting) return super.write(fn);
    const value = await super.write(fn);
    this.compacting = true;
    try {
      await this.compactor.runOnce();
    } finally {
      this.compacting = false;
    }
    return value;
  }

  override async close(): Promise<void> {
    await this.compactor.stop();
    await super.close();
  }
}

const dirs: string[] = [];

/** Every engine a port's contract must hold on. */
export const ENGINES: Engine[] = [
  { name: 'sqlite (memory)', open: async () => new SqliteStore(':memory:') },
  {
    name: 'sqlite (file)',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-contract-'));
      dirs.push(dir);
      return new SqliteStore(join(dir, 'store.db'));
    },
  },
  {
    name: 'sqlite (file, records compressed)',
    only: new Set(['EventRepository']),
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-contract-'));
      dirs.push(dir);
      return new CompactingSqliteStore(join(dir, 'store.db'));
    },
  },
  // One throwaway cluster per test process, a fresh database per store (test/support/postgres.ts).
  // Without the binaries it is left out locally; under CI=true hasPostgres() fails instead.
  ...(hasPostgres() ? [{ name: 'postgres', open: async () => new PgStore(await createDatabase(), { max: 4 }) }] : []),
];

/**
 * Runs one port's contract suite on every engine. `body` gets a function that opens a fresh store;
 * stores it opens are closed after each test.
 */
export function contract(port: string, body: (open: () => Promise<Store>) => void): void {
  for (const engine of ENGINES) {
    const name = port.split(' ')[0]!;
    if (engine.lacks?.has(name) || (engine.only && !engine.only.has(name))) continue;
    describe(`${port} contract on ${engine.name}`, () => {
      const opened: Store[] = [];
      afterEach(async () => {
        for (const s of opened.splice(0)) await s.close();
        for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
      });
      body(async () => {
        const store = await engine.open();
        opened.push(store);
        return store;
      });
    });
  }
}
