import type { Logger } from 'pino';
import type { AuthorizationCall } from '../identity/authorization-call.js';
import type { CredentialStore } from '../identity/credentials.js';
import type { Repositories, Store, Tx } from '../storage/ports.js';
import type { FreeSpaceMonitor } from '../storage/free-space.js';
import type { ServiceDefinition, ServiceId, AuthorizationRequest, CallContext } from '../services/service.js';
import type { CallRecord } from '../audit/record/call-record.js';
import type { NewEvent } from '../audit/events/ports.js';

/** Decides whether the verified principal may make the call (owned by identity/). */
export interface Authorizer {
  /** Throws the protocol-neutral AccessDenied ServiceError when any request is denied. */
  authorize(call: AuthorizationCall, requests: AuthorizationRequest[], tx: Tx): void | Promise<void>;
}

/** Turns a finished call into a CloudTrail event, inside the call's transaction (owned by audit/). */
export interface AuditRecorder {
  record(call: CallRecord, tx: Tx): Promise<void>;
  /** The event `record` would append, built on `tx` (a read snapshot will do), or none. */
  event(call: CallRecord, tx: Repositories): Promise<NewEvent | undefined>;
  /** Appends an event built by `event` in a transaction of its own (Store.appendEvents). */
  appendAlone(event: NewEvent | undefined, store: Store): Promise<void>;
}

export interface GatewayLimits {
  /** Largest body buffered in memory (everything except S3 object uploads, which stream). */
  maxBodyBytes: number;
  /** Largest streamed S3 object upload (S3's single PUT limit is 5 GiB). */
  maxObjectBytes: number;
}

export interface GatewayDeps {
  services: ReadonlyMap<ServiceId, ServiceDefinition>;
  credentials: CredentialStore;
  authorizer: Authorizer;
  recorder: AuditRecorder;
  store: Store;
  logger: Logger;
  clock: () => Date;
  limits: GatewayLimits;
  /** The account this server hosts. */
  accountId: string;
  defaultRegion: string;
  /** Free space on the data and bucket directories; writes are refused when it runs low. */
  freeSpace?: FreeSpaceMonitor;
  /** Hook for services that need the call context built by the gateway (tests, internal calls). */
  decorateCall?: (call: CallContext) => void;
}
