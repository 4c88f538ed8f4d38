import type { AuditRecorder } from '../../gateway/deps.js';
import type { RequestContext } from '../../gateway/context.js';
import type { CredentialStore } from '../../identity/credentials.js';
import type { Tx } from '../../storage/ports.js';
import type { DataEventInterest, EventLog } from '../events/ports.js';
import { buildEvent, type BuiltEvent } from './event-builder.js';

export interface EventRecorderOptions {
  log: EventLog;
  /** The hosted account (recipientAccountId). */
  accountId: string;
  defaultRegion: string;
  /** Which data events trails want; by default none are recorded. */
  dataEvents?: DataEventInterest;
  /** To name the account of a claimed access key on calls that failed authentication. */
  credentials?: CredentialStore;
  clock?: () => Date;
}

const NO_DATA_EVENTS: DataEventInterest = { wants: () => false };

/**
 * The gateway's audit phase: builds the call's record and appends it inside the call's
 * transaction. Throwing here makes the gateway fail the call closed.
 */
export class EventRecorder implements AuditRecorder {
  private readonly dataEvents: DataEventInterest;
  private readonly clock: () => Date;

  constructor(private readonly opts: EventRecorderOptions) {
    this.dataEvents = opts.dataEvents ?? NO_DATA_EVENTS;
    this.clock = opts.clock ?? (() => new Date());
  }

  record(ctx: RequestContext, tx: Tx): void {
    if (ctx.internal || ctx.principal?.internal) return;
    const built = buildEvent(ctx, {
      accountId: this.opts.accountId,
      defaultRegion: this.opts.defaultRegion,
      now: this.clock(),
      accountOfKey: (id) => (id === ctx.claimedAccessKeyId ? ctx.claimedAccountId : undefined),
    });
    const { record } = built;
    if (record.eventCategory === 'Data' && !this.wanted(built)) return;
    this.opts.log.append(tx.db, {
      eventId: record.eventID,
      eventTime: built.eventTime,
      region: record.awsRegion,
      eventSource: record.eventSource,
      eventName: record.eventName,
      readOnly: record.readOnly,
      eventCategory: record.eventCategory,
      record: JSON.stringify(record),
      ...(record.eventCategory === 'Data' && built.resource ? { dataResourceArn: built.resource.ARN } : {}),
      lookup: built.lookup,
    });
  }

  private wanted({ record, resource }: BuiltEvent): boolean {
    return this.dataEvents.wants({
      eventSource: record.eventSource,
      eventName: record.eventName,
      readOnly: record.readOnly,
      region: record.awsRegion,
      resourceArn: resource?.ARN,
      resourceType: resource?.type ?? '',
    });
  }
}
