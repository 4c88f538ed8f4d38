import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type pg from 'pg';
import type { BlobSource, BlobStore } from '../objects/blob-store.js';
import type { ByteRange, StagedBlob, StageOptions } from '../objects/local/types.js';
import { hashInto } from '../objects/staging.js';

/** Rows of s3_blob_chunks hold this many bytes (the last one of a blob fewer). */
export const CHUNK_BYTES = 1024 * 1024;

export interface PgBlobOptions {
  /**
   * How long removed bytes stay readable: a GetObject that found its row just before an overwrite
   * still streams the old bytes (readers stream after their snapshot ends). 10 minutes by default.
   */
  removeGraceMs?: number;
  /** Chunks unreferenced and unwritten for this long are orphans to recovery (an upload in flight writes every MiB). 1 hour. */
  orphanAgeMs?: number;
}

const newId = () => randomBytes(16).toString('hex');

/**
 * Object bytes in PostgreSQL, so that any node serves any object and losing a node loses no bytes.
 * Staging inserts one 1 MiB chunk per statement (each its own short transaction, outside the request's
 * write), so memory stays bounded whatever the object's size and the single-writer lock is never held
 * for an upload. The chunks carry the blob id from the start: the object row that names it, written in
 * the object's transaction, is the promotion. Chunks no row names are orphans (a crash mid-upload, a
 * rolled-back commit) that recovery removes once they are older than any upload in flight.
 */
export class PgBlobStore implements BlobStore {
  private readonly removeGraceMs: number;
  private readonly orphanAgeMs: number;

  constructor(
    private readonly pool: pg.Pool,
    private readonly ready: Promise<void>,
    opts: PgBlobOptions = {},
  ) {
    this.removeGraceMs = opts.removeGraceMs ?? 10 * 60_000;
    this.orphanAgeMs = opts.orphanAgeMs ?? 60 * 60_000;
  }

  async stage(source: BlobSource, opts: StageOptions): Promise<StagedBlob> {
    await this.ready;
    const blobId = newId();
    const chunks = new Chunker(CHUNK_BYTES);
    let chunkNo = 0;
    const insert = (bytes: Buffer) =>
      this.pool.query('INSERT INTO s3_blob_chunks (blob_id, chunk_no, bytes) VALUES ($1, $2, $3)', [blobId, chunkNo++, bytes]);
    try {
      const body = await hashInto(source, opts, async (piece) => {
        for (const full of chunks.push(piece)) await insert(full);
      });
      // An empty blob still gets its (empty) chunk 0, so that reading it can tell "empty" from "removed".
      const rest = chunks.rest();
      if (rest.length > 0 || chunkNo === 0) await insert(rest);
      return { stagedId: blobId, ...body };
    } catch (e) {
      await this.deleteNow([blobId]).catch(() => undefined);
      throw e;
    }
  }

  /** The chunks already carry the id; the row written in the caller's transaction makes them the object's. */
  promote(staged: StagedBlob): string {
    staged.promotedBlobId = staged.stagedId;
    return staged.stagedId;
  }

  /** Nobody can be reading an upload that never committed: its chunks go at once. */
  discard(staged: StagedBlob): Promise<void> {
    return this.deleteNow([staged.stagedId]);
  }

  /** Removes after the grace period (see removeGraceMs); a crash before that leaves orphans recovery removes. */
  remove(blobIds: Iterable<string>): Promise<void> {
    const ids = [...blobIds];
    if (ids.length === 0) return Promise.resolve();
    if (this.removeGraceMs <= 0) return this.deleteNow(ids);
    setTimeout(() => this.deleteNow(ids).catch(() => undefined), this.removeGraceMs).unref();
    return Promise.resolve();
  }

  removeAsync(blobIds: readonly string[]): Promise<void> {
    return this.remove(blobIds);
  }

  /**
   * Streams the chunks the range covers, one query each (only the bytes of the range: substring on
   * uncompressed, out-of-line storage reads just those pages), the next one fetched while this one is
   * consumed. A chunk gone mid-read (removed past the grace period) fails the stream, never shortens it.
   */
  open(blobId: string, size: number, range?: ByteRange): Readable {
    const { start, end } = range ?? { start: 0, end: size - 1 };
    return Readable.from(this.chunks(blobId, start, end), { objectMode: false });
  }

  private async *chunks(blobId: string, start: number, end: number): AsyncGenerator<Buffer> {
    await this.ready;
    if (end < start) {
      await this.fetch(blobId, 0, 0, 0); // empty: its chunk 0 must still be there
      return;
    }
    const first = Math.floor(start / CHUNK_BYTES);
    const last = Math.floor(end / CHUNK_BYTES);
    const piece = (n: number) => {
      const from = n === first ? start - n * CHUNK_BYTES : 0;
      const to = n === last ? end - n * CHUNK_BYTES : CHUNK_BYTES - 1;
      return this.fetch(blobId, n, from, to - from + 1);
    };
    let next = piece(first);
    try {
      for (let n = first; n <= last; n++) {
        const bytes = await next;
        if (n < last) next = piece(n + 1);
        yield bytes;
      }
    } finally {
      next.catch(() => undefined); // a reader that stops early leaves one prefetch behind
    }
  }

  private async fetch(blobId: string, chunkNo: number, offset: number, length: number): Promise<Buffer> {
    const { rows } = await this.pool.query<{ bytes: Buffer }>(
      'SELECT substring(bytes FROM $3 FOR $4) AS bytes FROM s3_blob_chunks WHERE blob_id = $1 AND chunk_no = $2',
      [blobId, chunkNo, offset + 1, length],
    );
    const bytes = rows[0]?.bytes;
    if (bytes === undefined || bytes.length !== length) throw new Error(`object bytes ${blobId} were removed while being read`);
    return bytes;
  }

  /** Nothing to clear: staged chunks that never committed are orphans listIds() names once they are old. */
  clearStaged(): number {
    return 0;
  }

  async listIds(): Promise<string[]> {
    await this.ready;
    const { rows } = await this.pool.query<{ blob_id: string }>(
      `SELECT blob_id FROM s3_blob_chunks GROUP BY blob_id HAVING max(written_at) < now() - $1 * interval '1 millisecond'`,
      [this.orphanAgeMs],
    );
    return rows.map((r) => r.blob_id);
  }

  private async deleteNow(ids: readonly string[]): Promise<void> {
    await this.ready;
    await this.pool.query('DELETE FROM s3_blob_chunks WHERE blob_id = ANY($1)', [ids]);
  }
}

/** Cuts a stream of pieces of any size into chunks of exactly `size` bytes (and a remainder). */
class Chunker {
  private pieces: Buffer[] = [];
  private length = 0;

  constructor(private readonly size: number) {}

  *push(piece: Uint8Array): Iterable<Buffer> {
    this.pieces.push(Buffer.from(piece)); // a copy: the source may reuse its buffer
    this.length += piece.byteLength;
    while (this.length >= this.size) {
      const all = Buffer.concat(this.pieces, this.length);
      yield all.subarray(0, this.size);
      this.pieces = [all.subarray(this.size)];
      this.length -= this.size;
    }
  }

  rest(): Buffer {
    return Buffer.concat(this.pieces, this.length);
  }
}
