import type { Store } from '../../storage/ports.js';
import type { LastUse } from '../../storage/ports/identity.js';

export type LastUsed = LastUse;

/**
 * GetAccessKeyLastUsed bookkeeping without a write per request: uses are noted in memory (the
 * authorize phase runs on a read snapshot) and written through the store in one transaction by the
 * owner's timer, so every process answers from the store. Reads merge this process's pending
 * entries, so the answer is current here before the flush.
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

  /** Writes and forgets the pending uses; put back if the write fails, unless newer ones came. */
  async flush(store: Store): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    try {
      await store.write(async (tx) => {
        for (const [id, u] of batch) await tx.iamKeys.recordLastUsed(id, u);
      });
    } catch (err) {
      for (const [id, u] of batch) if (!this.pending.has(id)) this.pending.set(id, u);
      throw err;
    }
  }
}
