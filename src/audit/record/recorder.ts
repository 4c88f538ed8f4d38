import type { Repositories, Store, Tx } from '../../storage/ports.js';
import type { DataEventInterest, NewEvent } from '../events/ports.js';
import type { CallRecord } from './call-record.js';
import { buildEvent, type BuiltEvent } from './event-builder.js';

export interface EventRecorderOptions {
  /** The hosted account (recipientAccountId). */
  accountId: string;
  defaultRegion: string;
  /** Which data events trails want; by default none are recorded. */
  dataEvents?: DataEventInterest;
  clock?: () => Date;
  /** Told after the commit of each transaction that appended an event (wakes consumers of the event sequence). */
  onEventCommitted?: () => void;
}

const NO_DATA_EVENTS: DataEventInterest = { wants: () => false };

/**
 * The gateway's audit phase: builds the call's record and appends it inside the call's
 * transaction (`tx.events`). Rejecting here makes the gateway fail the call closed.
 */
export class EventRecorder {
  private readonly dataEvents: DataEventInterest;
  private readonly clock: () => Date;

  constructor(private readonly opts: EventRecorderOptions) {
    this.dataEvents = opts.dataEvents ?? NO_DATA_EVENTS;
    this.clock = opts.clock ?? (() => new Date());
  }

  async record(call: CallRecord, tx: Tx): Promise<void> {
    const event = await this.event(call, tx);
    if (!event) return;
    await tx.events.append(event);
    if (this.opts.onEventCommitted) tx.afterCommit(this.opts.onEventCommitted);
  }

  /**
   * The call's event as the store appends it, or none (internal calls, data events no trail selects).
   * `tx` is only read (the trails' selectors), so a read snapshot will do (`appendAlone`).
   */
  async event(call: CallRecord, tx: Repositories): Promise<NewEvent | undefined> {
    if (call.internal) return undefined;
    const built = buildEvent(call, { accountId: this.opts.accountId, defaultRegion: this.opts.defaultRegion, now: this.clock() });
    const { record } = built;
    if (record.eventCategory === 'Data' && !(await this.wanted(built, tx))) return undefined;
    return {
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
    };
  }

  /** A read-only call's event, built on its snapshot, in a transaction that appends only it. */
  async appendAlone(event: NewEvent | undefined, store: Store): Promise<void> {
    if (!event) return;
    await store.appendEvents([event]);
    this.opts.onEventCommitted?.();
  }

  /** Asked only for data events; the trail domain's answer may come from the store. */
  private async wanted({ record, resource }: BuiltEvent, tx: Repositories): Promise<boolean> {
    return this.dataEvents.wants(
      {
        eventSource: record.eventSource,
        eventName: record.eventName,
        readOnly: record.readOnly,
        region: record.awsRegion,
        resourceArn: resource?.ARN,
        resourceType: resource?.type ?? '',
      },
      tx,
    );
  }
}
