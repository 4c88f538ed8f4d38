import { TrailErrors } from '../errors.js';

const IP_LIKE = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * AWS's trail-name rules, checked in the order AWS reports them (CloudTrail User Guide, "Naming requirements for
 * CloudTrail resources, S3 buckets, and KMS keys",
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-naming-requirements.html).
 */
export function assertValidTrailName(name: string): void {
  if (name.length < 3) {
    throw TrailErrors.invalidName(
      `Trail name too short. Minimum allowed length: 3 characters. Specified name length: ${name.length} characters.`,
    );
  }
  if (name.length > 128) {
    throw TrailErrors.invalidName(
      `Trail name too long. Maximum allowed length: 128 characters. Specified name length: ${name.length} characters.`,
    );
  }
  if (!/^[A-Za-z0-9]/.test(name)) throw TrailErrors.invalidName('Trail name must starts with a letter or number.');
  if (!/[A-Za-z0-9]$/.test(name)) throw TrailErrors.invalidName('Trail name must ends with a letter or number.');
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    throw TrailErrors.invalidName(
      'Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).',
    );
  }
  if (/[._-]{2}/.test(name)) throw TrailErrors.invalidName('Trail name must not have adjacent periods, underscores or dashes.');
  if (IP_LIKE.test(name)) throw TrailErrors.invalidName('Trail name must not be formatted as an IP address.');
}

export function trailArn(region: string, accountId: string, name: string): string {
  return `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`;
}

export interface ParsedTrailArn {
  region: string;
  accountId: string;
  name: string;
}

/** A trail ARN, or undefined when `value` is a plain name. Malformed ARNs are CloudTrailARNInvalidException. */
export function parseTrailArnOrName(value: string): ParsedTrailArn | undefined {
  if (!value.startsWith('arn:')) return undefined;
  const m = /^arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/.exec(value);
  if (!m) throw TrailErrors.arnInvalid(value);
  return { region: m[1]!, accountId: m[2]!, name: m[3]! };
}

/** S3 key prefix rules: at most 200 characters (CreateTrail's S3KeyPrefix: "The maximum length is 200 characters"); stored without a trailing slash. */
export function normalizeS3KeyPrefix(prefix: string | undefined): string | undefined {
  if (prefix === undefined || prefix === '') return undefined;
  if (prefix.length > 200) throw TrailErrors.invalidPrefix(`S3 prefix is longer than maximum length: ${prefix}`);
  if (prefix.startsWith('/') || prefix.includes('//')) throw TrailErrors.invalidPrefix(`S3 prefix is not valid: ${prefix}`);
  return prefix.replace(/\/+$/, '') || undefined;
}

/** S3's bucket-name rules, so a typo is caught at CreateTrail rather than at the first delivery. */
export function assertValidBucketName(bucket: string): void {
  const ok = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) && !bucket.includes('..') && !IP_LIKE.test(bucket);
  if (!ok) throw TrailErrors.invalidBucketName(bucket);
}
