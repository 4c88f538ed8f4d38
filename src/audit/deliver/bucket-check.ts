import { GetBucketPolicyCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { parsePolicy } from '../../identity/policy/parse.js';
import { evaluateResourcePolicyForService } from '../../identity/policy/evaluate.js';
import type { LocalObjectStore } from '../../storage/objects/local/local-object-store.js';
import { awsLogsRoot } from './aws-logs-path.js';

export const CLOUDTRAIL_SERVICE_PRINCIPAL = 'cloudtrail.amazonaws.com';

export interface DeliveryTarget {
  bucket: string;
  prefix?: string;
  accountId: string;
  trailArn: string;
}

/** 'ok', or the S3 error code CloudTrail reports (CreateTrail maps these to its own exceptions). */
export type BucketCheckResult = 'ok' | 'NoSuchBucket' | 'AccessDenied';

/** Does the destination bucket exist, and does its policy grant CloudTrail what bucket-policy.ts writes (GetBucketAcl, PutObject)? */
export interface DeliveryBucketCheck {
  check(target: DeliveryTarget): Promise<BucketCheckResult>;
}

/**
 * The checks CloudTrail makes against the bucket policy: s3:GetBucketAcl on the bucket and
 * s3:PutObject with the bucket-owner-full-control ACL under `[prefix/]AWSLogs/ACCOUNT/` for both the
 * log and the digest folders, as the cloudtrail.amazonaws.com service principal.
 */
export function policyAllowsDelivery(policyDocument: string, target: DeliveryTarget): boolean {
  let policy;
  try {
    policy = parsePolicy(policyDocument, 'resource');
  } catch {
    return false;
  }
  const source = { 'aws:SourceArn': target.trailArn, 'aws:SourceAccount': target.accountId };
  const allowed = (action: string, resource: string, extra: Record<string, string> = {}) =>
    evaluateResourcePolicyForService(policy, CLOUDTRAIL_SERVICE_PRINCIPAL, action, resource, { ...source, ...extra }).allowed;
  const root = `arn:aws:s3:::${target.bucket}/${awsLogsRoot({ prefix: target.prefix, accountId: target.accountId })}`;
  const acl = { 's3:x-amz-acl': 'bucket-owner-full-control' };
  return (
    allowed('s3:GetBucketAcl', `arn:aws:s3:::${target.bucket}`) &&
    allowed('s3:PutObject', `${root}CloudTrail/object`, acl) &&
    allowed('s3:PutObject', `${root}CloudTrail-Digest/object`, acl)
  );
}

/** Over the built-in bucket engine: the bucket must exist and carry a policy that allows delivery. */
export class LocalBucketCheck implements DeliveryBucketCheck {
  constructor(private readonly buckets: Pick<LocalObjectStore, 'bucketWithPolicy'>) {}

  async check(target: DeliveryTarget): Promise<BucketCheckResult> {
    const found = await this.buckets.bucketWithPolicy(target.bucket);
    if (!found) return 'NoSuchBucket';
    // No policy: CloudTrail has no grant at all.
    return found.policy !== undefined && policyAllowsDelivery(found.policy, target) ? 'ok' : 'AccessDenied';
  }
}

/**
 * Over an external S3-compatible endpoint. Many such servers have no bucket policies for AWS
 * service principals; there the configured delivery credentials are the authority, so a bucket
 * without a policy passes and a present policy is evaluated like AWS does.
 */
export class S3BucketCheck implements DeliveryBucketCheck {
  constructor(private readonly client: S3Client) {}

  async check(target: DeliveryTarget): Promise<BucketCheckResult> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: target.bucket }));
    } catch (e) {
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404) return 'NoSuchBucket';
      if (status === 403) return 'AccessDenied';
      throw e;
    }
    try {
      const out = await this.client.send(new GetBucketPolicyCommand({ Bucket: target.bucket }));
      return out.Policy === undefined || policyAllowsDelivery(out.Policy, target) ? 'ok' : 'AccessDenied';
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name === 'NoSuchBucketPolicy' || name === 'NotImplemented') return 'ok';
      throw e;
    }
  }
}
