import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe } from 'vitest';
import type { Store } from '../../src/storage/ports.js';
import { SqliteStore } from '../../src/storage/sqlite/store.js';
import { PgStore } from '../../src/storage/postgres/store.js';
import { createDatabase, hasPostgres } from '../support/postgres.js';

/** A store engine the contract suites run on: each `open` gives a fresh, migrated, empty store. */
export interface Engine {
  name: string;
  open(): Promise<Store>;
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
