import { randomUUID } from 'node:crypto';
import type { Db } from '../../storage/sqlite/database.js';
import { SqliteStore } from '../../storage/sqlite/store.js';
import { appendEvent } from '../../storage/sqlite/events.js';
import type { Store, Tx } from '../../storage/ports.js';
import { SecretBox } from '../../identity/store/secret-box.js';
import { cloudtrailService, type CloudTrailServiceDeps } from '../../services/cloudtrail/service.js';
import { lookupEvents } from '../../query/lookup-events.js';
import type { CallContext, OperationSpec, ServiceDefinition } from '../../services/service.js';
import { SigningKeyRing } from '../digest/key-ring.js';
import { MemoryObjectStore } from '../testing/memory-object-store.js';
import type { BucketCheckResult, DeliveryBucketCheck, DeliveryTarget } from './bucket-check.js';
import { isoSeconds } from './time-format.js';
import { directTx } from '../../storage/testing/direct-tx.js';

export const ACCOUNT = '111122223333';

/** A bucket check over MemoryObjectStore buckets, with per-bucket overrides for the policy verdict. */
export class FakeBucketCheck implements DeliveryBucketCheck {
  readonly verdicts = new Map<string, BucketCheckResult>();
  constructor(private readonly store: MemoryObjectStore) {}
  async check(target: DeliveryTarget): Promise<BucketCheckResult> {
    if (!(await this.store.bucketExists(target.bucket))) return 'NoSuchBucket';
    return this.verdicts.get(target.bucket) ?? 'ok';
  }
}

/** A mutable simulated clock. */
export class SimClock {
  constructor(public ms: number) {}
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface Harness {
  /** The storage (an in-memory SqliteStore) the service and the workers share. */
  storage: SqliteStore;
  /** Its connection, for tests that look at rows directly. */
  db: Db;
  /** The bucket engine log files and digests go to. */
  store: MemoryObjectStore;
  bucketCheck: FakeBucketCheck;
  keyRing: SigningKeyRing;
  clock: SimClock;
  service: ServiceDefinition;
  /** Runs one CloudTrail operation the way the gateway does: prepare, then execute in a transaction. */
  call<O = any>(operation: string, input: object, opts?: { region?: string }): Promise<O>;
  /** Appends a recorded call (management by default) at the clock's time. */
  record(e: Partial<{ region: string; eventSource: string; eventName: string; readOnly: boolean; dataResourceArn: string }>): string;
}

export function harness(start = Date.parse('2026-03-07T09:00:00Z'), keyValidityMs?: number): Harness {
  const storage = new SqliteStore(':memory:');
  const db = storage.db;
  const store = new MemoryObjectStore(['logs']);
  const bucketCheck = new FakeBucketCheck(store);
  const keyRing = new SigningKeyRing(SecretBox.ephemeral(), keyValidityMs);
  const clock = new SimClock(start);
  const service = cloudtrailService({ bucketCheck, keyRing, lookupEvents: testLookupEvents });
  const h: Harness = {
    storage,
    db,
    store,
    bucketCheck,
    keyRing,
    clock,
    service,
    async call(operation, input, opts = {}) {
      return runOperation(storage, service, operation, input, clock.now(), opts.region ?? 'us-east-1');
    },
    record(e) {
      const eventId = randomUUID();
      const region = e.region ?? 'us-east-1';
      const eventTime = new Date(clock.ms);
      const eventCategory = e.dataResourceArn ? 'Data' : 'Management';
      const record = {
        eventVersion: '1.08',
        userIdentity: { type: 'Root', accountId: ACCOUNT },
        eventTime: isoSeconds(eventTime),
        eventSource: e.eventSource ?? 'cloudhsm.amazonaws.com',
        eventName: e.eventName ?? 'DescribeClusters',
        awsRegion: region,
        sourceIPAddress: '127.0.0.1',
        eventID: eventId,
        readOnly: e.readOnly ?? true,
        eventType: 'AwsApiCall',
        eventCategory,
        recipientAccountId: ACCOUNT,
      };
      appendEvent(db, {
        eventId,
        eventTime,
        region,
        eventSource: record.eventSource,
        eventName: record.eventName,
        readOnly: record.readOnly,
        eventCategory,
        record: JSON.stringify(record),
        dataResourceArn: e.dataResourceArn,
      });
      return eventId;
    },
  };
  return h;
}

/** Runs one operation the way the gateway does: prepare on read snapshots, then execute in a write transaction. */
export async function runOperation<O = any>(
  storage: Store,
  service: ServiceDefinition,
  operation: string,
  input: object,
  now: Date,
  region = 'us-east-1',
): Promise<O> {
  const op = service.operations[operation]!;
  const spec: OperationSpec = typeof op === 'function' ? { execute: op } : op;
  const read = <T>(fn: (tx: Tx) => T | Promise<T>) => storage.read(fn);
  const caller = callerOf(operation, now, region);
  const noop = () => undefined;
  // Another engine (PostgreSQL) has no connection to run on outside a transaction: prepare on a snapshot.
  const prepare = (p: NonNullable<OperationSpec['prepare']>) =>
    storage instanceof SqliteStore
      ? p(input, { ...fakeCall(storage.db, operation, now, region), read })
      : storage.read((tx) => p(input, { ...caller, tx, read: async (fn) => fn(tx), afterCommit: noop }));
  const prepared: unknown = spec.prepare ? await prepare(spec.prepare) : undefined;
  return storage.write(async (tx) => (await spec.execute(input, { ...caller, tx, read, afterCommit: noop }, prepared)) as O);
}

/** Event history over the call's connection, as the server wires it (src/app/services.ts). */
export const testLookupEvents: CloudTrailServiceDeps['lookupEvents'] = (input, call) =>
  lookupEvents(call.tx, input, { region: call.region, now: call.now });

export function fakeCall(db: Db, operation: string, now: Date, region: string): CallContext {
  return { ...callerOf(operation, now, region), ...directTx(db) };
}

/** The root caller of a call, without its transaction. */
function callerOf(operation: string, now: Date, region: string): Omit<CallContext, 'tx' | 'read' | 'afterCommit'> {
  return {
    principal: {
      type: 'Root',
      principalId: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      accountId: ACCOUNT,
      accessKeyId: 'AKIAEXAMPLE',
      tags: {},
      sessionPolicies: [],
      userId: ACCOUNT,
    } as CallContext['principal'],
    accountId: ACCOUNT,
    region,
    requestId: randomUUID(),
    operation,
    now,
    sourceIp: '127.0.0.1',
    userAgent: 'test',
    secureTransport: false,
  };
}
