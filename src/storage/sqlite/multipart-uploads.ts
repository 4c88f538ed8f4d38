import type { MultipartUpload } from '../objects/local/types.js';
import type { CompletedUpload, MultipartUploadRepository, StoredPart, UploadCursor } from '../ports/objects.js';
import type { Db } from './database.js';
import { checksumValues } from '../rows/objects.js';
import { prefixEnd } from '../objects/local/prefix-end.js';
import { toUpload, toPart, type UploadRow, type PartRow } from '../rows/multipart-uploads.js';

/** '\uffff' sorts after any ISO timestamp: a cursor without `initiated` passes every upload of its key. */
const cursorValues = (c: UploadCursor) => [c.key, c.initiated?.toISOString() ?? '\uffff', c.uploadId ?? ''];

/** s3_multipart_uploads, s3_multipart_parts (deleted with their upload) and s3_completed_uploads. */
export class SqliteMultipartUploadRepository implements MultipartUploadRepository {
  constructor(private readonly db: Db) {}

  async create(u: MultipartUpload): Promise<void> {
    const m = u.meta;
    this.db
      .prepare(
        `INSERT INTO s3_multipart_uploads (upload_id, bucket, key, initiated, checksum_algorithm, content_type, content_encoding,
           cache_control, content_disposition, content_language, expires, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        u.uploadId,
        u.bucket,
        u.key,
        u.initiated.toISOString(),
        u.checksumAlgorithm ?? null,
        m.contentType ?? null,
        m.contentEncoding ?? null,
        m.cacheControl ?? null,
        m.contentDisposition ?? null,
        m.contentLanguage ?? null,
        m.expires ?? null,
        JSON.stringify(m.metadata ?? {}),
      );
  }

  async find(bucket: string, key: string, uploadId: string): Promise<MultipartUpload | undefined> {
    const row = this.db
      .prepare('SELECT * FROM s3_multipart_uploads WHERE upload_id = ? AND bucket = ? AND key = ?')
      .get(uploadId, bucket, key) as UploadRow | undefined;
    return row && toUpload(row);
  }

  async delete(uploadId: string): Promise<void> {
    this.db.prepare('DELETE FROM s3_multipart_uploads WHERE upload_id = ?').run(uploadId);
  }

  async scan(bucket: string, opts: { prefix: string; after?: UploadCursor; limit: number }): Promise<MultipartUpload[]> {
    const upper = prefixEnd(opts.prefix);
    const sql = `SELECT * FROM s3_multipart_uploads WHERE bucket = ? AND key >= ?${upper === undefined ? '' : ' AND key < ?'}
      AND (key, initiated, upload_id) > (?, ?, ?) ORDER BY key, initiated, upload_id LIMIT ?`;
    const after = opts.after ? cursorValues(opts.after) : ['', '', ''];
    const args = [bucket, opts.prefix, ...(upper === undefined ? [] : [upper]), ...after, opts.limit];
    return (this.db.prepare(sql).all(...args) as UploadRow[]).map(toUpload);
  }

  async expired(bucket: string, prefix: string, before: Date, limit: number): Promise<Array<{ uploadId: string; key: string }>> {
    return this.db
      .prepare(
        `SELECT upload_id AS uploadId, key FROM s3_multipart_uploads
         WHERE bucket = ? AND initiated < ? AND substr(key, 1, length(?)) = ? ORDER BY initiated LIMIT ?`,
      )
      .all(bucket, before.toISOString(), prefix, prefix, limit) as Array<{ uploadId: string; key: string }>;
  }

  async putPart(uploadId: string, p: StoredPart): Promise<void> {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO s3_multipart_parts (upload_id, part_number, blob_id, size, etag, last_modified,
           checksum_crc32, checksum_crc32c, checksum_sha1, checksum_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(uploadId, p.partNumber, p.blobId, p.size, p.etag, p.lastModified.toISOString(), ...checksumValues(p.checksums));
  }

  async findPart(uploadId: string, partNumber: number): Promise<StoredPart | undefined> {
    const row = this.db.prepare('SELECT * FROM s3_multipart_parts WHERE upload_id = ? AND part_number = ?').get(uploadId, partNumber) as
      PartRow | undefined;
    return row && toPart(row);
  }

  async parts(uploadId: string, afterPartNumber: number, limit: number): Promise<StoredPart[]> {
    const rows = this.db
      .prepare('SELECT * FROM s3_multipart_parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?')
      .all(uploadId, afterPartNumber, limit) as PartRow[];
    return rows.map(toPart);
  }

  async partBlobIds(of: { uploadId: string } | { bucket: string }): Promise<string[]> {
    if ('uploadId' in of)
      return this.db.prepare('SELECT blob_id FROM s3_multipart_parts WHERE upload_id = ?').pluck().all(of.uploadId) as string[];
    return this.db
      .prepare('SELECT p.blob_id FROM s3_multipart_parts p JOIN s3_multipart_uploads u USING (upload_id) WHERE u.bucket = ?')
      .pluck()
      .all(of.bucket) as string[];
  }

  async blobIds(): Promise<string[]> {
    return this.db.prepare('SELECT blob_id FROM s3_multipart_parts').pluck().all() as string[];
  }

  async completed(uploadId: string, since: Date): Promise<CompletedUpload | undefined> {
    const row = this.db
      .prepare('SELECT bucket, key, etag, parts, completed_at FROM s3_completed_uploads WHERE upload_id = ? AND completed_at >= ?')
      .get(uploadId, since.toISOString()) as { bucket: string; key: string; etag: string; parts: string; completed_at: string } | undefined;
    return row && { uploadId, bucket: row.bucket, key: row.key, etag: row.etag, parts: row.parts, completedAt: new Date(row.completed_at) };
  }

  async rememberCompleted(c: CompletedUpload, forgetBefore: Date): Promise<void> {
    this.db.prepare('DELETE FROM s3_completed_uploads WHERE completed_at < ?').run(forgetBefore.toISOString());
    this.db
      .prepare('INSERT OR REPLACE INTO s3_completed_uploads (upload_id, bucket, key, etag, parts, completed_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(c.uploadId, c.bucket, c.key, c.etag, c.parts, c.completedAt.toISOString());
  }
}
