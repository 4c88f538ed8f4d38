import type { Readable } from 'node:stream';
import type { ByteRange, StagedBlob, StageOptions } from './local/types.js';

export type BlobSource = Uint8Array | AsyncIterable<Uint8Array>;

/**
 * Where the built-in S3 keeps object bytes; the metadata rows (in the store) only name a `blobId`.
 * Local files under the node's data dir go with SQLite (local/blobs.ts); PostgreSQL keeps them in the
 * database, in 1 MiB chunks, so that every node serves every object (postgres/blob-chunks.ts).
 *
 * Protocol: `stage` streams the body in (bounded memory, hashed on the way) outside any transaction;
 * `promote` runs inside the object's write transaction and gives the id its row stores; a rollback
 * `discard`s it. Ids a commit left unreferenced are `remove`d after that commit. Staged bytes that
 * never got a row (a crash mid-upload) are orphans: recovery compares `listIds` with the rows.
 */
export interface BlobStore {
  stage(source: BlobSource, opts: StageOptions): Promise<StagedBlob>;
  /** The id to store in the row; synchronous, it runs inside the commit transaction. */
  promote(staged: StagedBlob): string;
  /** Throws away an upload that will not commit (staged, or promoted by a transaction that rolled back). */
  discard(staged: StagedBlob): void | Promise<void>;
  /**
   * The committed bytes (or one range of them) of a blob of `size` bytes. Call it inside the read
   * snapshot that found the row: the stream then reads those bytes even if the row is replaced later.
   */
  open(blobId: string, size: number, range?: ByteRange): Readable;
  /** Only after the commit that made these ids unreferenced. */
  remove(blobIds: Iterable<string>): void | Promise<void>;
  /** remove() for bulk work, without stalling the event loop. */
  removeAsync(blobIds: readonly string[]): Promise<void>;
  /** Drops staging areas no upload can still be using (start-up only); how many it dropped. */
  clearStaged(): number | Promise<number>;
  /** Candidate orphans for recovery: every committed-looking id (no upload in flight is among them). */
  listIds(): string[] | Promise<string[]>;
}
