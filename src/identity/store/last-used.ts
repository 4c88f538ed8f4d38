import type { IdentityStore } from './identity-store.js';

export interface LastUsed {
  date: string;
  service: string;
  region: string;
}

/**
 * GetAccessKeyLastUsed bookkeeping without a write per request: uses are noted in memory (the
 * authenticate/authorize phases run outside any transaction) and flushed in one transaction by the
 * owner's timer. Reads merge pending entries, so the answer is current before the flush.
 */
export class LastUsedTracker {
  private pending = new Map<string, LastUsed>();

  note(accessKeyId: string, use: LastUsed): void {
    if (accessKeyId.startsWith('AKIA')) this.pending.set(accessKeyId, use);
  }

  peek(accessKeyId: string): LastUsed | undefined {
    return this.pending.get(accessKeyId);
  }

  get size(): number {
    return this.pending.size;
  }

  /** Writes and forgets the pending uses. Call inside a transaction. */
  flush(store: IdentityStore): void {
    const batch = this.pending;
    this.pending = new Map();
    for (const [id, u] of batch) store.keys.recordLastUsed(id, u.date, u.service, u.region);
  }
}
