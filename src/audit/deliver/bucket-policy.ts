import { awsLogsRoot } from './aws-logs-path.js';
import { CLOUDTRAIL_SERVICE_PRINCIPAL } from './bucket-check.js';

export interface BucketPolicyTarget {
  bucket: string;
  accountId: string;
  prefix?: string;
  /** With a trail ARN the grant is limited to that trail (aws:SourceArn), as AWS recommends. */
  trailArn?: string;
}

/**
 * The bucket policy a trail needs, as in AWS's "Amazon S3 bucket policy for CloudTrail"
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html):
 * GetBucketAcl on the bucket, and PutObject with bucket-owner-full-control under AWSLogs/ACCOUNT/.
 */
export function cloudTrailBucketPolicy(target: BucketPolicyTarget): string {
  const principal = { Service: CLOUDTRAIL_SERVICE_PRINCIPAL };
  const source = target.trailArn ? { StringEquals: { 'aws:SourceArn': target.trailArn } } : undefined;
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailAclCheck20150319',
        Effect: 'Allow',
        Principal: principal,
        Action: 's3:GetBucketAcl',
        Resource: `arn:aws:s3:::${target.bucket}`,
        ...(source && { Condition: source }),
      },
      {
        Sid: 'AWSCloudTrailWrite20150319',
        Effect: 'Allow',
        Principal: principal,
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${target.bucket}/${awsLogsRoot({ prefix: target.prefix, accountId: target.accountId })}*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...source?.StringEquals } },
      },
    ],
  };
  return JSON.stringify(policy, null, 2);
}
