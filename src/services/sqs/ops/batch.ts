/** The batch rules SendMessageBatch, DeleteMessageBatch and ChangeMessageVisibilityBatch share. */
import type { BatchResultErrorEntry } from '../../../protocol/generated/sqs.js';
import { isServiceError } from '../../../errors/service-error.js';
import { emptyBatch, idsNotDistinct, invalidBatchEntryId, tooManyEntries } from '../errors.js';

const ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

export function checkBatch(entries: { Id: string }[]): void {
  if (entries.length === 0) throw emptyBatch();
  if (entries.length > 10) throw tooManyEntries(entries.length);
  const seen = new Set<string>();
  for (const { Id } of entries) {
    if (!ENTRY_ID.test(Id)) throw invalidBatchEntryId();
    if (seen.has(Id)) throw idsNotDistinct(Id);
    seen.add(Id);
  }
}

/** Runs each entry; an entry's own error (a ServiceError) becomes a Failed entry, anything else fails the call. */
export async function eachEntry<E extends { Id: string }, R>(
  entries: E[],
  run: (entry: E) => Promise<R>,
): Promise<{ Successful: R[]; Failed: BatchResultErrorEntry[] }> {
  const Successful: R[] = [];
  const Failed: BatchResultErrorEntry[] = [];
  for (const entry of entries) {
    try {
      Successful.push(await run(entry));
    } catch (err) {
      if (!isServiceError(err)) throw err;
      Failed.push({ Id: entry.Id, SenderFault: err.fault === 'Sender', Code: err.code, Message: err.message });
    }
  }
  return { Successful, Failed };
}
