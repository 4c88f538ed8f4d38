import type { S3Tx } from './s3-tx.js';
import { S3Errors } from '../s3-errors.js';
import type { BucketRecord } from './types.js';

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

/** Bucket rules over the bucket repository: names, ownership, emptiness, policies. */
export class Buckets {
  async create(tx: S3Tx, name: string, region: string, ownerAccountId: string): Promise<BucketRecord> {
    if (!isValidBucketName(name)) throw S3Errors.InvalidBucketName(name);
    const existing = await tx.buckets.find(name);
    if (existing) {
      throw existing.ownerAccountId === ownerAccountId ? S3Errors.BucketAlreadyOwnedByYou(name) : S3Errors.BucketAlreadyExists(name);
    }
    const bucket: BucketRecord = { name, region, ownerAccountId, creationDate: new Date() };
    await tx.buckets.insert(bucket);
    return bucket;
  }

  find(tx: S3Tx, name: string): Promise<BucketRecord | undefined> {
    return tx.buckets.find(name);
  }

  /** The bucket or NoSuchBucket. */
  async get(tx: S3Tx, name: string): Promise<BucketRecord> {
    const bucket = await tx.buckets.find(name);
    if (!bucket) throw S3Errors.NoSuchBucket(name);
    return bucket;
  }

  /** All buckets, or one account's, in name order as ListBuckets returns them. */
  list(tx: S3Tx, ownerAccountId?: string): Promise<BucketRecord[]> {
    return tx.buckets.list(ownerAccountId);
  }

  /** Fails with BucketNotEmpty while objects remain; pending multipart uploads go with the bucket. */
  async delete(tx: S3Tx, name: string): Promise<{ garbage: string[] }> {
    await this.get(tx, name);
    if (await tx.objects.any(name)) throw S3Errors.BucketNotEmpty(name);
    const garbage = await tx.multipartUploads.partBlobIds({ bucket: name });
    await tx.buckets.delete(name);
    return { garbage };
  }

  /** Stores the policy document verbatim (S3 returns it as written); it must be a JSON object. */
  async putPolicy(tx: S3Tx, name: string, policy: string): Promise<void> {
    await this.get(tx, name);
    assertPolicyDocument(policy);
    await tx.buckets.setPolicy(name, policy);
  }

  async getPolicy(tx: S3Tx, name: string): Promise<string> {
    await this.get(tx, name);
    const policy = await tx.buckets.policy(name);
    if (policy === undefined) throw S3Errors.NoSuchBucketPolicy(name);
    return policy;
  }

  async deletePolicy(tx: S3Tx, name: string): Promise<void> {
    await this.get(tx, name);
    await tx.buckets.setPolicy(name, undefined);
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
