import { TEXT, type PgMigration } from './migrate.js';

/** Module name under which the bucket store's schema versions are recorded. */
export const S3_MODULE = 's3';

/**
 * As SQLite's module 's3'. Keys are TEXT COLLATE "C": compared byte by byte over UTF-8, which is
 * exactly S3's listing order whatever the database's locale.
 */
export const S3_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'buckets, objects, multipart uploads',
    up: `
      CREATE TABLE s3_buckets (
        name ${TEXT} PRIMARY KEY, region ${TEXT} NOT NULL, owner_account_id ${TEXT} NOT NULL,
        created_at ${TEXT} NOT NULL, policy TEXT);
      CREATE TABLE s3_objects (
        bucket ${TEXT} NOT NULL REFERENCES s3_buckets(name), key ${TEXT} NOT NULL, blob_id ${TEXT} NOT NULL UNIQUE,
        size BIGINT NOT NULL, etag ${TEXT} NOT NULL, last_modified ${TEXT} NOT NULL, content_type TEXT,
        content_encoding TEXT, cache_control TEXT, content_disposition TEXT, content_language TEXT, expires TEXT,
        metadata TEXT NOT NULL DEFAULT '{}', checksum_crc32 TEXT, checksum_crc32c TEXT, checksum_sha1 TEXT,
        checksum_sha256 TEXT, parts_count INTEGER, PRIMARY KEY (bucket, key));
      CREATE TABLE s3_multipart_uploads (
        upload_id ${TEXT} PRIMARY KEY, bucket ${TEXT} NOT NULL REFERENCES s3_buckets(name), key ${TEXT} NOT NULL,
        initiated ${TEXT} NOT NULL, checksum_algorithm TEXT, content_type TEXT, content_encoding TEXT, cache_control TEXT,
        content_disposition TEXT, content_language TEXT, expires TEXT, metadata TEXT NOT NULL DEFAULT '{}');
      CREATE INDEX s3_multipart_uploads_by_key ON s3_multipart_uploads (bucket, key, initiated, upload_id);
      CREATE TABLE s3_multipart_parts (
        upload_id ${TEXT} NOT NULL REFERENCES s3_multipart_uploads(upload_id) ON DELETE CASCADE,
        part_number INTEGER NOT NULL, blob_id ${TEXT} NOT NULL UNIQUE, size BIGINT NOT NULL, etag ${TEXT} NOT NULL,
        last_modified ${TEXT} NOT NULL, checksum_crc32 TEXT, checksum_crc32c TEXT, checksum_sha1 TEXT, checksum_sha256 TEXT,
        PRIMARY KEY (upload_id, part_number));
    `,
  },
  {
    version: 2,
    name: 'object part sizes, completed multipart uploads',
    up: `
      ALTER TABLE s3_objects ADD COLUMN part_sizes TEXT;
      CREATE TABLE s3_completed_uploads (
        upload_id ${TEXT} PRIMARY KEY, bucket ${TEXT} NOT NULL, key ${TEXT} NOT NULL, etag ${TEXT} NOT NULL,
        parts TEXT NOT NULL, completed_at ${TEXT} NOT NULL);
      CREATE INDEX s3_completed_uploads_by_time ON s3_completed_uploads (completed_at);
    `,
  },
  {
    version: 3,
    name: 'bucket lifecycle configurations, objects by age',
    up: `
      ALTER TABLE s3_buckets ADD COLUMN lifecycle TEXT;
      CREATE INDEX s3_objects_by_age ON s3_objects (bucket, last_modified);
    `,
  },
  {
    version: 4,
    name: 'bucket event notification configurations',
    // notification: the PutBucketNotificationConfiguration document as JSON.
    up: `ALTER TABLE s3_buckets ADD COLUMN notification TEXT;`,
  },
  // PostgreSQL only (SQLite's bytes are files, objects/local/blobs.ts).
  {
    version: 5,
    name: 'object bytes in 1 MiB chunks (every node reads every object)',
    up: `
      CREATE TABLE s3_blob_chunks (
        blob_id ${TEXT} NOT NULL, chunk_no INTEGER NOT NULL, bytes BYTEA NOT NULL,
        written_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (blob_id, chunk_no));
      ALTER TABLE s3_blob_chunks ALTER COLUMN bytes SET STORAGE EXTERNAL;
    `,
  },
];
