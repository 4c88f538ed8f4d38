import type { Repositories } from '../../storage/ports.js';

/**
 * A per-process cache that is only ever right for one authorization version. Each lookup reads the
 * version on the caller's snapshot first: a change committed by any process (delete key, detach
 * policy, delete user...) empties the cache at the next request, and entries computed on an older
 * snapshot never serve a newer one. Fill it from read snapshots only (authenticate, authorize): a
 * write's version is not committed until the write is, and could roll back.
 */
export class VersionedCache<V> {
  private entries = new Map<string, V>();
  private version = -1;

  constructor(private readonly maxEntries = 10_000) {}

  async get(tx: Pick<Repositories, 'identityVersion'>, key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const version = await tx.identityVersion.current();
    if (version > this.version) {
      this.entries = new Map();
      this.version = version;
    }
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = await load();
    // A snapshot older than the cache's version must not fill it with what it saw.
    if (value !== undefined && version === this.version) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, value);
    }
    return value;
  }
}
