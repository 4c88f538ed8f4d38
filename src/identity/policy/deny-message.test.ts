import { describe, expect, it } from 'vitest';
import { accessDeniedMessage } from './deny-message.js';
import type { Decision } from './types.js';

const alice = 'arn:aws:iam::123456789012:user/alice';
const session = 'arn:aws:sts::123456789012:assumed-role/Admin/s1';
const clusters = 'arn:aws:cloudhsm:us-east-1:123456789012:cluster/*';
const d = (reason: Decision['reason'], deniedBy: Decision['deniedBy']): Decision => ({
  allowed: false,
  reason,
  ...(deniedBy ? { deniedBy } : {}),
});

describe('accessDeniedMessage', () => {
  it.each([
    [
      alice,
      'cloudhsm:CreateCluster',
      clusters,
      d('implicitDeny', 'identity'),
      'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: cloudhsm:CreateCluster on resource: arn:aws:cloudhsm:us-east-1:123456789012:cluster/* because no identity-based policy allows the cloudhsm:CreateCluster action',
    ],
    [
      alice,
      'cloudhsm:DeleteCluster',
      clusters,
      d('explicitDeny', 'identity'),
      'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: cloudhsm:DeleteCluster on resource: arn:aws:cloudhsm:us-east-1:123456789012:cluster/* with an explicit deny in an identity-based policy',
    ],
    [
      session,
      'cloudhsm:DescribeClusters',
      '*',
      d('implicitDeny', 'session'),
      'User: arn:aws:sts::123456789012:assumed-role/Admin/s1 is not authorized to perform: cloudhsm:DescribeClusters because no session policy allows the cloudhsm:DescribeClusters action',
    ],
    [
      alice,
      's3:GetObject',
      'arn:aws:s3:::b/k',
      d('explicitDeny', 'resource'),
      'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k with an explicit deny in a resource-based policy',
    ],
    [
      alice,
      's3:GetObject',
      'arn:aws:s3:::b/k',
      d('implicitDeny', 'resource'),
      'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k because no resource-based policy allows the s3:GetObject action',
    ],
    [
      session,
      'cloudhsm:CreateHsm',
      undefined,
      d('explicitDeny', 'session'),
      'User: arn:aws:sts::123456789012:assumed-role/Admin/s1 is not authorized to perform: cloudhsm:CreateHsm with an explicit deny in a session policy',
    ],
    [
      alice,
      'iam:CreateUser',
      'arn:aws:iam::123456789012:user/x',
      d('explicitDeny', 'boundary'),
      'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::123456789012:user/x with an explicit deny in a permissions boundary',
    ],
    [
      alice,
      'iam:CreateUser',
      'arn:aws:iam::123456789012:user/x',
      d('implicitDeny', 'boundary'),
      'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::123456789012:user/x because no permissions boundary allows the iam:CreateUser action',
    ],
    [
      alice,
      'sts:AssumeRole',
      'arn:aws:iam::123456789012:role/R',
      d('implicitDeny', 'trust'),
      'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/R because no role trust policy allows the sts:AssumeRole action',
    ],
  ] as const)('%s %s %s', (principalArn, action, resource, decision, expected) => {
    expect(accessDeniedMessage({ principalArn, action, ...(resource ? { resource } : {}), decision })).toBe(expected);
  });
});
