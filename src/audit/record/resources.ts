import type { CallRecord } from './call-record.js';
import type { EventResource, LookupResource } from '../../services/service.js';

type ResourceFn<R> = (operation: string, input: any, output: any, call: { accountId: string; region: string }) => R[];

/**
 * Calls a service's resource declaration. For a call that already failed, a declaration that
 * cannot cope with the missing output must not turn the recorded error into a 500.
 */
function declared<R>(rec: CallRecord, fn: ResourceFn<R> | undefined, call: { accountId: string; region: string }): R[] {
  if (!fn || !rec.operation) return [];
  if (!rec.error) return fn(rec.operation, rec.input ?? {}, rec.output, call);
  try {
    return fn(rec.operation, rec.input ?? {}, rec.output, call);
  } catch {
    return [];
  }
}

function callOf(rec: CallRecord, accountId: string, region: string) {
  return { accountId: rec.principal?.accountId ?? accountId, region };
}

/** The record's `resources` (AuditSpec.resources). */
export function recordResourcesOf(rec: CallRecord, accountId: string, region: string): EventResource[] {
  return declared(rec, rec.service?.audit?.resources, callOf(rec, accountId, region));
}

/**
 * What event history indexes: the record's resources, then those the service declares for lookup
 * only (AuditSpec.lookupResources), each type/name pair once.
 */
export function lookupResourcesOf(rec: CallRecord, recorded: EventResource[], accountId: string, region: string): LookupResource[] {
  const extra = declared(rec, rec.service?.audit?.lookupResources, callOf(rec, accountId, region));
  const all: LookupResource[] = [
    ...recorded.map((r) => ({ ...(r.type ? { resourceType: r.type } : {}), resourceName: resourceNameOf(r.ARN) })),
    ...extra,
  ];
  const seen = new Set<string>();
  return all.filter((r) => {
    const key = `${r.resourceType ?? ''}\u0000${r.resourceName}`;
    if (seen.has(key) || !r.resourceName) return false;
    seen.add(key);
    return true;
  });
}

/**
 * LookupEvents' ResourceName: the resource's own id (`cluster-abc`, `AdminRole`); S3 ARNs carry no
 * type prefix, so there the whole `bucket/key` is the name.
 */
export function resourceNameOf(arn: string): string {
  const parts = arn.split(':');
  if (parts.length < 6) return arn;
  const resource = parts.slice(5).join(':');
  if (parts[2] === 's3') return resource;
  const cut = Math.max(resource.lastIndexOf('/'), resource.indexOf(':'));
  return cut >= 0 ? resource.slice(cut + 1) : resource;
}
