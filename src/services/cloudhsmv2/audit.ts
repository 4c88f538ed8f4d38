/**
 * How CloudHSM calls are recorded. Their records carry no `resources` (CloudHSM User Guide's
 * CreateHsm record), so the cluster, HSM and backup a call names are indexed for event history only.
 * Only clusters get a ResourceType: AWS::CloudHSM::Cluster is CloudHSM's one CloudFormation type
 * (CloudFormation User Guide, "AWS::CloudHSM::Cluster"); HSMs and backups have none.
 */
import type { AuditSpec, LookupResource } from '../service.js';
import { parseCloudHsmArn } from './ids.js';

const READ_ONLY = /^(Describe|Get|List)/;
const CLUSTER_TYPE = 'AWS::CloudHSM::Cluster';

type Members = Record<string, unknown>;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const member = (o: unknown, name: string): unknown => (o && typeof o === 'object' ? (o as Members)[name] : undefined);

/** An id or ARN naming a cluster, HSM or backup, as its id. */
function idOf(ref: unknown): string | undefined {
  const value = text(ref);
  if (!value) return undefined;
  return value.startsWith('arn:') ? parseCloudHsmArn(value)?.id : value;
}

function lookupResources(_operation: string, input: Members, output: unknown): LookupResource[] {
  const ids = [
    input.ClusterId,
    member(member(output, 'Cluster'), 'ClusterId'),
    member(member(output, 'Hsm'), 'ClusterId'),
    input.HsmId,
    member(member(output, 'Hsm'), 'HsmId'),
    member(output, 'HsmId'),
    input.BackupId,
    member(member(output, 'Backup'), 'BackupId'),
    input.SourceBackupId,
    input.ResourceId,
    input.ResourceArn,
  ].map(idOf);
  const out: LookupResource[] = [];
  for (const id of ids) {
    if (!id) continue;
    out.push(id.startsWith('cluster-') ? { resourceType: CLUSTER_TYPE, resourceName: id } : { resourceName: id });
  }
  return out;
}

export const cloudHsmAudit: AuditSpec = { readOnly: (op) => READ_ONLY.test(op), lookupResources };
