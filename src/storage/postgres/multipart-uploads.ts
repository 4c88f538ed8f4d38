import type { MultipartUpload } from '../objects/local/types.js';
import type { CompletedUpload, MultipartUploadRepository, StoredPart, UploadCursor } from '../ports/objects.js';
import { prefixEnd } from '../objects/local/prefix-end.js';
import { checksumValues } from '../rows/objects.js';
import type { Sql } from './sql.js';
import { toUpload, toPart, type UploadRow, type PartRow } from '../rows/multipart-uploads.js';

/** '\uffff' sorts (COLLATE "C", UTF-8 bytes) after any ISO timestamp: a cursor without `initiated` passes every upload of its key. */
const cursorValues = (c: UploadCursor) => [c.key, c.initiated?.toISOString() ?? '\uffff', c.uploadId ?? ''];

const PART_UPSERT = `INSERT INTO s3_multipart_parts (upload_id, part_number, blob_id, size, etag, last_modified,
    checksum_crc32, checksum_crc32c, checksum_sha1, checksum_sha256) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
  ON CONFLICT (upload_id, part_number) DO UPDATE SET blob_id = excluded.blob_id, size = excluded.size, etag = excluded.etag,
    last_modified = excluded.last_modified, checksum_crc32 = excluded.checksum_crc32, checksum_crc32c = excluded.checksum_crc32c,
    checksum_sha1 = excluded.checksum_sha1, checksum_sha256 = excluded.checksum_sha256`;

const COMPLETED_UPSERT = `INSERT INTO s3_completed_uploads (upload_id, bucket, key, etag, parts, completed_at) VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (upload_id) DO UPDATE SET bucket = excluded.bucket, key = excluded.key, etag = excluded.etag,
    parts = excluded.parts, completed_at = excluded.completed_at`;

const blobIdsOf = (rows: Array<{ blob_id: string }>) => rows.map((r) => r.blob_id);

/** s3_multipart_uploads, s3_multipart_parts (deleted with their upload) and s3_completed_uploads. */
export class PgMultipartUploadRepository implements MultipartUploadRepository {
  constructor(private readonly sql: Sql) {}

  async create(u: MultipartUpload): Promise<void> {
    const m = u.meta;
    await this.sql.run(
      `INSERT INTO s3_multipart_uploads (upload_id, bucket, key, initiated, checksum_algorithm, content_type, content_encoding,
         cache_control, content_disposition, content_language, expires, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
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
      ],
    );
  }

  async find(bucket: string, key: string, uploadId: string): Promise<MultipartUpload | undefined> {
    const row = await this.sql.one<UploadRow>('SELECT * FROM s3_multipart_uploads WHERE upload_id = $1 AND bucket = $2 AND key = $3', [
      uploadId,
      bucket,
      key,
    ]);
    return row && toUpload(row);
  }

  async delete(uploadId: string): Promise<void> {
    await this.sql.run('DELETE FROM s3_multipart_uploads WHERE upload_id = $1', [uploadId]);
  }

  async scan(bucket: string, opts: { prefix: string; after?: UploadCursor; limit: number }): Promise<MultipartUpload[]> {
    const upper = prefixEnd(opts.prefix);
    const [key, initiated, id] = opts.after ? cursorValues(opts.after) : ['', '', ''];
    const text = `SELECT * FROM s3_multipart_uploads WHERE bucket = $1 AND key >= $2${upper === undefined ? '' : ' AND key < $7'}
      AND (key, initiated, upload_id) > ($3, $4, $5) ORDER BY key, initiated, upload_id LIMIT $6`;
    const params = [bucket, opts.prefix, key, initiated, id, opts.limit, ...(upper === undefined ? [] : [upper])];
    return (await this.sql.all<UploadRow>(text, params)).map(toUpload);
  }

  async expired(bucket: string, prefix: string, before: Date, limit: number): Promise<Array<{ uploadId: string; key: string }>> {
    return this.sql.all(
      `SELECT upload_id AS "uploadId", key FROM s3_multipart_uploads
       WHERE bucket = $1 AND initiated < $2 AND starts_with(key, $3) ORDER BY initiated LIMIT $4`,
      [bucket, before.toISOString(), prefix, limit],
    );
  }

  async putPart(uploadId: string, p: StoredPart): Promise<void> {
    await this.sql.run(PART_UPSERT, [
      uploadId,
      p.partNumber,
      p.blobId,
      p.size,
      p.etag,
      p.lastModified.toISOString(),
      ...checksumValues(p.checksums),
    ]);
  }

  async findPart(uploadId: string, partNumber: number): Promise<StoredPart | undefined> {
    const row = await this.sql.one<PartRow>('SELECT * FROM s3_multipart_parts WHERE upload_id = $1 AND part_number = $2', [
      uploadId,
      partNumber,
    ]);
    return row && toPart(row);
  }

  async parts(uploadId: string, afterPartNumber: number, limit: number): Promise<StoredPart[]> {
    const rows = await this.sql.all<PartRow>(
      'SELECT * FROM s3_multipart_parts WHERE upload_id = $1 AND part_number > $2 ORDER BY part_number LIMIT $3',
      [uploadId, afterPartNumber, limit],
    );
    return rows.map(toPart);
  }

  async partBlobIds(of: { uploadId: string } | { bucket: string }): Promise<string[]> {
    if ('uploadId' in of)
      return blobIdsOf(await this.sql.all('SELECT blob_id FROM s3_multipart_parts WHERE upload_id = $1', [of.uploadId]));
    return blobIdsOf(
      await this.sql.all('SELECT p.blob_id FROM s3_multipart_parts p JOIN s3_multipart_uploads u USING (upload_id) WHERE u.bucket = $1', [
        of.bucket,
      ]),
    );
  }

  async blobIds(): Promise<string[]> {
    return blobIdsOf(await this.sql.all('SELECT blob_id FROM s3_multipart_parts'));
  }

  async completed(uploadId: string, since: Date): Promise<CompletedUpload | undefined> {
    const row = await this.sql.one<{ bucket: string; key: string; etag: string; parts: string; completed_at: string }>(
      'SELECT bucket, key, etag, parts, completed_at FROM s3_completed_uploads WHERE upload_id = $1 AND completed_at >= $2',
      [uploadId, since.toISOString()],
    );
    return row && { uploadId, bucket: row.bucket, key: row.key, etag: row.etag, parts: row.parts, completedAt: new Date(row.completed_at) };
  }

  async rememberCompleted(c: CompletedUpload, forgetBefore: Date): Promise<void> {
    await this.sql.run('DELETE FROM s3_completed_uploads WHERE completed_at < $1', [forgetBefore.toISOString()]);
    await this.sql.run(COMPLETED_UPSERT, [c.uploadId, c.bucket, c.key, c.etag, c.parts, c.completedAt.toISOString()]);
  }
}
