/**
 * How IAM calls are indexed for event history. IAM records carry no `resources` (the IAM User
 * Guide's example IAM events have none), but event history finds them by the entity they name.
 */
import type { AuditSpec, LookupResource } from '../service.js';

/** Members naming an entity, in the order event history lists them. */
const NAMING_MEMBERS: Array<[member: string, type: string]> = [
  ['UserName', 'AWS::IAM::User'],
  ['NewUserName', 'AWS::IAM::User'],
  ['GroupName', 'AWS::IAM::Group'],
  ['NewGroupName', 'AWS::IAM::Group'],
  ['RoleName', 'AWS::IAM::Role'],
  ['AccessKeyId', 'AWS::IAM::AccessKey'],
];

type Members = Record<string, unknown>;

function named(members: Members, out: LookupResource[]): void {
  for (const [member, resourceType] of NAMING_MEMBERS) {
    const value = members[member];
    if (typeof value === 'string' && value) out.push({ resourceType, resourceName: value });
  }
}

/** A managed policy: named by its ARN, or by PolicyName where the call creates it. */
function policy(operation: string, input: Members, output: Members | undefined, out: LookupResource[]): void {
  const arn = input.PolicyArn ?? (output?.Policy as Members | undefined)?.Arn;
  const name = typeof arn === 'string' ? arn.slice(arn.lastIndexOf('/') + 1) : operation === 'CreatePolicy' ? input.PolicyName : undefined;
  if (typeof name === 'string' && name) out.push({ resourceType: 'AWS::IAM::Policy', resourceName: name });
}

/** The entities the request names, then those the answer's single entity (User, Role, AccessKey...) names. */
function lookupResources(operation: string, input: Members, output: unknown): LookupResource[] {
  const out: LookupResource[] = [];
  named(input, out);
  const answer = output && typeof output === 'object' ? (output as Members) : undefined;
  for (const value of Object.values(answer ?? {})) {
    if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) named(value as Members, out);
  }
  policy(operation, input, answer, out);
  return out;
}

export const iamAudit: AuditSpec = { lookupResources };
