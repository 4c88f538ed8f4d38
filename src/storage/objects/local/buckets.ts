import type { Db } from '../../sqlite/database.js';
import { S3Errors } from '../s3-errors.js';
import type { BucketRecord } from './types.js';

interface BucketRow {
  name: string;
  region: string;
  owner_account_id: string;
  created_at: string;
  policy: string | null;
}

const toRecord = (r: BucketRow): BucketRecord => ({
  name: r.name,
  region: r.region,
  ownerAccountId: r.owner_account_id,
  creationDate: new Date(r.created_at),
});

const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** S3's general-purpose bucket naming rules. */
export function isValidBucketName(name: string): boolean {
  return (
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !RESERVED_PREFIXES.some((p) => name.startsWith(p)) &&
    !RESERVED_SUFFIXES.some((s) => name.endsWith(s))
  );
}

/** Bucket rows and bucket policies. */
export class Buckets {
  constructor(private readonly db: Db) {}

  create(name: string, region: string, ownerAccountId: string): BucketRecord {
    if (!isValidBucketName(name)) throw S3Errors.InvalidBucketName(name);
    const existing = this.find(name);
    if (existing) {
      throw existing.ownerAccountId === ownerAccountId ? S3Errors.BucketAlreadyOwnedByYou(name) : S3Errors.BucketAlreadyExists(name);
    }
    const createdAt = new Date();
    this.db
      .prepare('INSERT INTO s3_buckets (name, region, owner_account_id, created_at) VALUES (?, ?, ?, ?)')
      .run(name, region, ownerAccountId, createdAt.toISOString());
    return { name, region, ownerAccountId, creationDate: createdAt };
  }

  find(name: string): BucketRecord | undefined {
    const row = this.db.prepare('SELECT * FROM s3_buckets WHERE name = ?').get(name) as BucketRow | undefined;
    return row && toRecord(row);
  }

  /** The bucket or NoSuchBucket. */
  get(name: string): BucketRecord {
    const bucket = this.find(name);
    if (!bucket) throw S3Errors.NoSuchBucket(name);
    return bucket;
  }

  /** All buckets, or one account's, in name order as ListBuckets returns them. */
  list(ownerAccountId?: string): BucketRecord[] {
    const rows = (
      ownerAccountId === undefined
        ? this.db.prepare('SELECT * FROM s3_buckets ORDER BY name').all()
        : this.db.prepare('SELECT * FROM s3_buckets WHERE owner_account_id = ? ORDER BY name').all(ownerAccountId)
    ) as BucketRow[];
    return rows.map(toRecord);
  }

  /** Fails with BucketNotEmpty while objects remain; pending multipart uploads go with the bucket. */
  delete(name: string): { garbage: string[] } {
    this.get(name);
    if (this.db.prepare('SELECT 1 FROM s3_objects WHERE bucket = ? LIMIT 1').get(name)) throw S3Errors.BucketNotEmpty(name);
    const garbage = (
      this.db
        .prepare('SELECT p.blob_id FROM s3_multipart_parts p JOIN s3_multipart_uploads u USING (upload_id) WHERE u.bucket = ?')
        .all(name) as { blob_id: string }[]
    ).map((r) => r.blob_id);
    this.db.prepare('DELETE FROM s3_multipart_uploads WHERE bucket = ?').run(name);
    this.db.prepare('DELETE FROM s3_buckets WHERE name = ?').run(name);
    return { garbage };
  }

  /** Stores the policy document verbatim (S3 returns it as written); it must be a JSON object. */
  putPolicy(name: string, policy: string): void {
    this.get(name);
    assertPolicyDocument(policy);
    this.db.prepare('UPDATE s3_buckets SET policy = ? WHERE name = ?').run(policy, name);
  }

  getPolicy(name: string): string {
    this.get(name);
    const row = this.db.prepare('SELECT policy FROM s3_buckets WHERE name = ?').get(name) as { policy: string | null };
    if (row.policy === null) throw S3Errors.NoSuchBucketPolicy(name);
    return row.policy;
  }

  deletePolicy(name: string): void {
    this.get(name);
    this.db.prepare('UPDATE s3_buckets SET policy = NULL WHERE name = ?').run(name);
  }
}

function assertPolicyDocument(policy: string): void {
  if (!policy.trimStart().startsWith('{')) throw S3Errors.MalformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    throw S3Errors.MalformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  }
  const statement = (doc as { Statement?: unknown }).Statement;
  if (statement === undefined) throw S3Errors.MalformedPolicy('Missing required field Statement');
}
