import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, openSync, readdirSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../../data-dir.js';
import { S3Errors } from '../s3-errors.js';
import { BodyHasher } from './checksums.js';
import type { ByteRange, ChecksumAlgorithm, StagedBlob, StageOptions } from './types.js';

export type BlobSource = Uint8Array | AsyncIterable<Uint8Array>;

const newId = () => randomBytes(16).toString('hex');
const isMissing = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Object bytes on disk. Uploads stream into <dataDir>/tmp/<random>; a commit renames the file to
 * <dataDir>/blobs/<xx>/<random id> (never a path derived from the key), so an overwrite swaps a
 * row's pointer atomically and readers holding the old file keep reading it.
 */
export class BlobFiles {
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
    const expectedMd5 = opts.expectedMd5Base64 === undefined ? undefined : decodeMd5(opts.expectedMd5Base64);
    const algorithms: ChecksumAlgorithm[] = [
      ...(opts.checksumAlgorithms ?? []),
      ...(Object.keys(opts.expectedChecksums ?? {}) as ChecksumAlgorithm[]),
    ];
    const hasher = new BodyHasher(algorithms);
    const tmpPath = join(this.tmpDir, newId());
    const fh = await open(tmpPath, 'wx', PRIVATE_FILE_MODE);
    let size = 0;
    try {
      await fh.chmod(PRIVATE_FILE_MODE); // exact, whatever the umask
      for await (const chunk of chunksOf(source)) {
        size += chunk.length;
        if (size > opts.maxBytes) throw S3Errors.EntityTooLarge(size, opts.maxBytes);
        hasher.update(chunk);
        for (let off = 0; off < chunk.length;) off += (await fh.write(chunk, off)).bytesWritten;
      }
      await fh.sync();
    } catch (e) {
      await fh.close();
      await unlink(tmpPath).catch(() => undefined);
      throw e;
    }
    await fh.close();
    const { md5, checksums } = hasher.finish();
    const staged = { tmpPath, size, md5Hex: md5.toString('hex'), checksums };
    try {
      verifyDigests(staged, md5, expectedMd5, opts);
    } catch (e) {
      this.discard(staged);
      throw e;
    }
    return staged;
  }

  /** Moves a staged file into blobs/ under a fresh id. Synchronous: it runs inside the commit transaction. */
  promote(staged: StagedBlob): string {
    const blobId = newId();
    const path = this.blobPath(blobId);
    makePrivateDir(join(path, '..'));
    renameSync(staged.tmpPath, path);
    staged.promotedBlobId = blobId;
    return blobId;
  }

  /**
   * Removes an upload that will not commit: its tmp file, or the blob it was promoted to when the
   * transaction around the promotion rolled back (a full disk failing the commit or the audit write).
   */
  discard(staged: StagedBlob): void {
    rmSync(staged.tmpPath, { force: true });
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
   * Opens the blob at once (synchronously, right after its row was read) so that a concurrent
   * overwrite's cleanup cannot unlink it between the lookup and the read.
   */
  openFd(blobId: string): number {
    return openSync(this.blobPath(blobId), 'r');
  }

  readFd(fd: number, range?: ByteRange): Readable {
    return createReadStream('', { fd, start: range?.start, end: range?.end, autoClose: true });
  }

  closeFd(fd: number): void {
    closeSync(fd);
  }

  /** Empties tmp/: anything there belongs to an upload that never committed. */
  clearTmp(): number {
    const names = readdirSync(this.tmpDir);
    for (const n of names) rmSync(join(this.tmpDir, n), { force: true, recursive: true });
    return names.length;
  }

  listBlobIds(): string[] {
    const ids: string[] = [];
    for (const dir of readdirSync(this.blobDir, { withFileTypes: true })) {
      if (dir.isDirectory()) ids.push(...readdirSync(join(this.blobDir, dir.name)));
    }
    return ids;
  }
}

async function* chunksOf(source: BlobSource): AsyncIterable<Uint8Array> {
  if (source instanceof Uint8Array) yield source;
  else for await (const chunk of source) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

function decodeMd5(value: string): Buffer {
  const md5 = Buffer.from(value, 'base64');
  if (md5.length !== 16 || md5.toString('base64') !== value) throw S3Errors.InvalidDigest(value);
  return md5;
}

function verifyDigests(staged: StagedBlob, md5: Buffer, expectedMd5: Buffer | undefined, opts: StageOptions): void {
  if (expectedMd5 && !expectedMd5.equals(md5)) {
    throw S3Errors.BadDigest(opts.expectedMd5Base64!, md5.toString('base64'));
  }
  for (const [algorithm, expected] of Object.entries(opts.expectedChecksums ?? {})) {
    if (staged.checksums[algorithm as ChecksumAlgorithm] !== expected) throw S3Errors.BadChecksum(algorithm);
  }
}
