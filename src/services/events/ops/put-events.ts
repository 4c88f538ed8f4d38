/**
 * PutEvents: each entry validated on its own (EventBridge API Reference, PutEventsResultEntry: EventId, or
 * ErrorCode and ErrorMessage), then matched against the default bus's enabled rules and delivered in PutEvents' own
 * transaction, so an accepted event is durable in its targets once PutEvents answers. Sources starting with `aws.`
 * belong to AWS services and are refused (NotAuthorizedForSourceException).
 */
import type * as T from '../../../protocol/generated/events.js';
import type { SnsSigningKey } from '../../../storage/ports/sns.js';
import type { CallContext } from '../../service.js';
import { busName, DEFAULT_BUS } from '../arns.js';
import { deliver, matchingRules, type DeliveryDeps } from '../delivery.js';
import { customEvent, type BusEvent } from '../envelope.js';

type Entry = T.PutEventsRequestEntry;

const invalid = (member: string) => ({
  ErrorCode: 'InvalidArgument',
  ErrorMessage: `Parameter ${member} is not valid. Reason: ${member} is a required argument.`,
});

function detailOf(text: string): unknown {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The entry's event, or its error. */
function eventOf(call: CallContext, e: Entry): BusEvent | T.PutEventsResultEntry {
  try {
    busName(e.EventBusName, call.region, call.accountId);
  } catch (err) {
    return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: (err as Error).message };
  }
  if (!e.Source) return invalid('Source');
  if (!e.DetailType) return invalid('DetailType');
  if (e.Detail === undefined) return invalid('Detail');
  if (e.Source.startsWith('aws.')) return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
  const detail = detailOf(e.Detail);
  if (detail === undefined) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  return customEvent(
    { source: e.Source, detailType: e.DetailType, detail, resources: e.Resources, time: e.Time ?? call.now },
    { account: call.accountId, region: call.region },
  );
}

/**
 * Before the transaction: a signing key for the region when it has none yet and an enabled rule targets an SNS
 * topic (generating one is slow: never under the write lock, and never when no SNS delivery can need it).
 */
export async function preparePutEvents(deps: DeliveryDeps, call: CallContext): Promise<SnsSigningKey | undefined> {
  const needed = await call.read(async (tx) => {
    if (await tx.snsSigningKeys.get(call.region)) return false;
    for (const rule of await tx.eventRules.enabled(call.accountId, call.region, DEFAULT_BUS)) {
      if ((await tx.eventTargets.list(rule.arn)).some((t) => t.arn.startsWith('arn:aws:sns:'))) return true;
    }
    return false;
  });
  return needed ? deps.publish.signer.candidate(call.region, call.now) : undefined;
}

export async function putEvents(
  deps: DeliveryDeps,
  call: CallContext,
  i: T.PutEventsRequest,
  candidate?: SnsSigningKey,
): Promise<T.PutEventsResponse> {
  const rules = await call.tx.eventRules.enabled(call.accountId, call.region, DEFAULT_BUS);
  const entries: T.PutEventsResultEntry[] = [];
  for (const e of i.Entries) {
    const event = eventOf(call, e);
    if (!('version' in event)) {
      entries.push(event);
      continue;
    }
    await deliver(deps, call, matchingRules(rules, event), event, candidate);
    entries.push({ EventId: event.id });
  }
  return { FailedEntryCount: entries.filter((e) => e.ErrorCode).length, Entries: entries };
}
