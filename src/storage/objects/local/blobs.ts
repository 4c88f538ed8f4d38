import { randomBytes } from 'node:crypto';
import { createReadStream, openSync, readdirSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../../data-dir.js';
import type { BlobSource, BlobStore } from '../blob-store.js';
import { hashInto } from '../staging.js';
import type { ByteRange, StagedBlob, StageOptions } from './types.js';

export type { BlobSource } from '../blob-store.js';

const newId = () => randomBytes(16).toString('hex');
const isMissing = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Object bytes on disk. Uploads stream into <dataDir>/tmp/<random>; a commit renames the file to
 * <dataDir>/blobs/<xx>/<random id> (never a path derived from the key), so an overwrite swaps a
 * row's pointer atomically and readers holding the old file keep reading it.
 */
export class BlobFiles implements BlobStore {
  readonly tmpDir: string;
  readonly blobDir: string;

  constructor(dataDir: string) {
    this.tmpDir = join(dataDir, 'tmp');
    this.blobDir = join(dataDir, 'blobs');
    makePrivateDir(this.tmpDir);
    makePrivateDir(this.blobDir);
  }

  blobPath(blobId: string): string {
    return join(this.blobDir, blobId.slice(0, 2), blobId);
  }

  /** Streams the body to a tmp file, hashing on the fly, then fsyncs it. Bounded memory. */
  async stage(source: BlobSource, opts: StageOptions): Promise<StagedBlob> {
    const tmpPath = join(this.tmpDir, newId());
    const fh = await open(tmpPath, 'wx', PRIVATE_FILE_MODE);
    try {
      await fh.chmod(PRIVATE_FILE_MODE); // exact, whatever the umask
      const body = await hashInto(source, opts, async (chunk) => {
        for (let off = 0; off < chunk.length;) off += (await fh.write(chunk, off)).bytesWritten;
      });
      await fh.sync();
      return { stagedId: tmpPath, ...body };
    } catch (e) {
      await unlink(tmpPath).catch(() => undefined);
      throw e;
    } finally {
      await fh.close();
    }
  }

  /** Moves a staged file into blobs/ under a fresh id. Synchronous: it runs inside the commit transaction. */
  promote(staged: StagedBlob): string {
    const blobId = newId();
    const path = this.blobPath(blobId);
    makePrivateDir(join(path, '..'));
    renameSync(staged.stagedId, path);
    staged.promotedBlobId = blobId;
    return blobId;
  }

  /**
   * Removes an upload that will not commit: its tmp file, or the blob it was promoted to when the
   * transaction around the promotion rolled back (a full disk failing the commit or the audit write).
   */
  discard(staged: StagedBlob): void {
    rmSync(staged.stagedId, { force: true });
    if (staged.promotedBlobId) this.remove([staged.promotedBlobId]);
  }

  remove(blobIds: Iterable<string>): void {
    for (const id of blobIds) {
      try {
        unlinkSync(this.blobPath(id));
      } catch (e) {
        if (!isMissing(e)) throw e;
      }
    }
  }

  /**
   * remove() off the event loop, for bulk work (lifecycle expiration) whose thousands of unlinks
   * would otherwise stall requests; a crash before it finishes leaves orphans that recover() removes.
   */
  async removeAsync(blobIds: readonly string[]): Promise<void> {
    for (const id of blobIds) {
      await unlink(this.blobPath(id)).catch((e: unknown) => {
        if (!isMissing(e)) throw e;
      });
    }
  }

  /**
   * Opens the file at once (synchronously, inside the snapshot that read its row) so that a
   * concurrent overwrite's cleanup cannot unlink it between the lookup and the read.
   */
  open(blobId: string, _size: number, range?: ByteRange): Readable {
    const fd = openSync(this.blobPath(blobId), 'r');
    return createReadStream('', { fd, start: range?.start, end: range?.end, autoClose: true });
  }

  /** Empties tmp/: anything there belongs to an upload that never committed. */
  clearStaged(): number {
    const names = readdirSync(this.tmpDir);
    for (const n of names) rmSync(join(this.tmpDir, n), { force: true, recursive: true });
    return names.length;
  }

  listIds(): string[] {
    const ids: string[] = [];
    for (const dir of readdirSync(this.blobDir, { withFileTypes: true })) {
      if (dir.isDirectory()) ids.push(...readdirSync(join(this.blobDir, dir.name)));
    }
    return ids;
  }
}
