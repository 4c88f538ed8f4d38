/**
 * How CloudTrail's own calls are recorded: read-only by name, and indexed for event history by the
 * trail they name (AWS::CloudTrail::Trail, its CloudFormation type); the records carry no `resources`.
 */
import type { AuditSpec, LookupResource } from '../service.js';

const READ_ONLY = /^(Describe|Get|List|Lookup)/;
const TRAIL_TYPE = 'AWS::CloudTrail::Trail';

/** A trail name, or the name a trail ARN ends in. */
function trailName(ref: unknown): string | undefined {
  if (typeof ref !== 'string' || !ref) return undefined;
  const at = ref.indexOf(':trail/');
  return ref.startsWith('arn:') ? (at >= 0 ? ref.slice(at + ':trail/'.length) : undefined) : ref;
}

function lookupResources(_operation: string, input: Record<string, unknown>): LookupResource[] {
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const refs = [input.Name, input.TrailName, input.ResourceId, ...list(input.ResourceIdList), ...list(input.trailNameList)];
  return refs
    .map(trailName)
    .filter((n): n is string => n !== undefined)
    .map((resourceName) => ({ resourceType: TRAIL_TYPE, resourceName }));
}

export const cloudTrailAudit: AuditSpec = { readOnly: (operation) => READ_ONLY.test(operation), lookupResources };
