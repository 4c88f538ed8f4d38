import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { AWS_MANAGED_POLICIES, awsManagedPolicy, findAwsManagedPolicy } from './managed-policies.js';
import { alice } from './test-fixtures.js';

const arn = (name: string): string => `arn:aws:iam::aws:policy/${name}`;

function allowed(policyName: string, action: string, resource = '*'): boolean {
  const policy = awsManagedPolicy(arn(policyName))!;
  return evaluate({ action, resource, principal: alice, identityPolicies: [policy], isRoot: false }).allowed;
}

describe('AWS managed policies', () => {
  it('ships the expected policies with AWS ids and ARNs', () => {
    expect(AWS_MANAGED_POLICIES.map((p) => p.policyName).sort()).toEqual(
      [
        'AWSCloudHSMFullAccess',
        'AWSCloudHSMReadOnlyAccess',
        'AWSCloudTrail_FullAccess',
        'AWSCloudTrail_ReadOnlyAccess',
        'AdministratorAccess',
        'AmazonS3FullAccess',
        'AmazonS3ReadOnlyAccess',
        'ReadOnlyAccess',
      ].sort(),
    );
    expect(findAwsManagedPolicy(arn('AdministratorAccess'))).toMatchObject({
      policyId: 'ANPAIWMBCKSKIEE64ZLYK',
      defaultVersionId: 'v1',
      path: '/',
    });
    expect(findAwsManagedPolicy(arn('AmazonS3FullAccess'))?.policyId).toBe('ANPAIFIR6V6BVTRAHWINE');
    for (const p of AWS_MANAGED_POLICIES) expect(p.policyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
    expect(new Set(AWS_MANAGED_POLICIES.map((p) => p.policyId)).size).toBe(AWS_MANAGED_POLICIES.length);
  });

  it('documents parse as identity policies with Version first', () => {
    for (const p of AWS_MANAGED_POLICIES) {
      expect(p.document.startsWith('{"Version":"2012-10-17","Statement":[')).toBe(true);
      expect(awsManagedPolicy(p.arn)?.statements.length).toBeGreaterThan(0);
    }
    expect(awsManagedPolicy(arn('Nope'))).toBeUndefined();
  });

  it.each([
    ['AdministratorAccess', 'iam:CreateUser', true],
    ['ReadOnlyAccess', 'cloudhsm:DescribeClusters', true],
    ['ReadOnlyAccess', 'cloudhsm:ListTags', true],
    ['ReadOnlyAccess', 'cloudhsm:CreateCluster', false],
    ['ReadOnlyAccess', 'cloudtrail:LookupEvents', true],
    ['ReadOnlyAccess', 'cloudtrail:StopLogging', false],
    ['ReadOnlyAccess', 's3:GetObject', true],
    ['ReadOnlyAccess', 's3:PutObject', false],
    ['ReadOnlyAccess', 'iam:GetRole', true],
    ['ReadOnlyAccess', 'sts:GetCallerIdentity', true],
    ['AWSCloudHSMFullAccess', 'cloudhsm:DeleteCluster', true],
    ['AWSCloudHSMFullAccess', 's3:GetObject', false],
    ['AWSCloudHSMReadOnlyAccess', 'cloudhsm:DescribeBackups', true],
    ['AWSCloudHSMReadOnlyAccess', 'cloudhsm:DeleteBackup', false],
    ['AWSCloudTrail_FullAccess', 'cloudtrail:CreateTrail', true],
    ['AWSCloudTrail_FullAccess', 'iam:PassRole', false], // only with iam:PassedToService = cloudtrail
    ['AWSCloudTrail_ReadOnlyAccess', 'cloudtrail:GetTrailStatus', true],
    ['AWSCloudTrail_ReadOnlyAccess', 'cloudtrail:DeleteTrail', false],
    ['AmazonS3FullAccess', 's3:DeleteBucket', true],
    ['AmazonS3ReadOnlyAccess', 's3:ListBucket', true],
    ['AmazonS3ReadOnlyAccess', 's3:PutBucketPolicy', false],
  ] as const)('%s: %s -> %s', (name, action, expected) => {
    expect(allowed(name, action)).toBe(expected);
  });

  it('AWSCloudTrail_FullAccess creates only aws-cloudtrail-logs* buckets', () => {
    expect(allowed('AWSCloudTrail_FullAccess', 's3:CreateBucket', 'arn:aws:s3:::aws-cloudtrail-logs-123')).toBe(true);
    expect(allowed('AWSCloudTrail_FullAccess', 's3:CreateBucket', 'arn:aws:s3:::other')).toBe(false);
  });
});
