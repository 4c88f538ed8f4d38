/**
 * How STS calls are recorded. CloudTrail lists the assumed role in an AssumeRole record's
 * `resources` (IAM User Guide, "Logging IAM and AWS STS API calls with AWS CloudTrail", example
 * AssumeRole event); event history also finds the call by the session and the access key it issued.
 */
import type { AuditSpec, EventResource, LookupResource } from '../service.js';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/.+$/;

function resources(operation: string, input: { RoleArn?: string }): EventResource[] {
  if (operation !== 'AssumeRole' || typeof input.RoleArn !== 'string') return [];
  const m = ROLE_ARN.exec(input.RoleArn);
  return m ? [{ accountId: m[1]!, type: 'AWS::IAM::Role', ARN: input.RoleArn }] : [];
}

interface StsAnswer {
  Credentials?: { AccessKeyId?: string };
  AssumedRoleUser?: { AssumedRoleId?: string };
}

function lookupResources(
  operation: string,
  input: { RoleSessionName?: string; AccessKeyId?: string },
  output: StsAnswer | undefined,
): LookupResource[] {
  const out: LookupResource[] = [];
  const issuedKey = output?.Credentials?.AccessKeyId;
  if (issuedKey) out.push({ resourceType: 'AWS::IAM::AccessKey', resourceName: issuedKey });
  if (operation === 'AssumeRole') {
    if (input.RoleSessionName) out.push({ resourceType: 'AWS::STS::AssumedRole', resourceName: input.RoleSessionName });
    const roleId = output?.AssumedRoleUser?.AssumedRoleId;
    if (roleId) out.push({ resourceType: 'AWS::STS::AssumedRole', resourceName: roleId });
  }
  if (operation === 'GetAccessKeyInfo' && input.AccessKeyId)
    out.push({ resourceType: 'AWS::IAM::AccessKey', resourceName: input.AccessKeyId });
  return out;
}

export const stsAudit: AuditSpec = { resources, lookupResources };
