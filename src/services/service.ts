import type { Codec } from '../protocol/codec.js';
import type { ServiceModel } from '../protocol/model.js';
import type { Protocol } from '../protocol/http.js';
import type { Principal } from '../identity/principal.js';
import type { Tx } from '../storage/ports.js';

/** The services hsmtrail hosts, named like their model files. */
export type ServiceId = 'cloudhsmv2' | 'cloudtrail' | 'sts' | 'iam' | 's3' | 'ec2' | 'sqs' | 'sns' | 'events' | 'admin';

/**
 * What a service operation sees of the call: who, where, when. Never HTTP.
 */
export interface CallContext {
  principal: Principal;
  accountId: string;
  region: string;
  requestId: string;
  operation: string;
  now: Date;
  sourceIp: string;
  userAgent: string;
  secureTransport: boolean;
  /** Where the request was sent, `http(s)://host`: for answers that name this server (SQS queue URLs). */
  endpoint?: string;
  /**
   * The call's transaction: a read snapshot while `authorize` runs, the write transaction that also
   * records the event while `execute` runs.
   */
  tx: Tx;
  /** A read snapshot for `prepare`, which runs outside any transaction. */
  read<T>(fn: (tx: Tx) => T | Promise<T>): Promise<T>;
  /** Work to run only after the transaction commits (e.g. unlinking replaced blobs): `tx.afterCommit`. */
  afterCommit(fn: () => void | Promise<void>): void;
}

/** An authorization question the gateway asks the policy evaluator before dispatch. */
export interface AuthorizationRequest {
  /** IAM action, e.g. `cloudhsm:CreateHsm`. */
  action: string;
  /** Resource ARN, or `*` for actions without resource-level permissions. */
  resource: string;
  /** Extra condition keys for this request (s3:prefix, aws:RequestTag/..., aws:ResourceTag/...). */
  context?: Record<string, string | string[] | undefined>;
  /** A resource-based policy that applies (S3 bucket policy, CloudHSM backup policy), as JSON. */
  resourcePolicy?: string;
  /** Account that owns the resource (for cross-account evaluation); defaults to the caller's. */
  resourceAccountId?: string;
}

/**
 * One operation. `prepare` runs outside the write transaction (long I/O: streaming an upload to a
 * staged file, generating keys); `execute` runs inside it, together with the audit event, so the
 * state change and its record commit or roll back as one.
 */
export interface OperationSpec<I = any, O = any, P = any> {
  prepare?(input: I, call: CallContext): Promise<P>;
  execute(input: I, call: CallContext, prepared: P): O | Promise<O>;
  /** Compensate for `prepare` when `execute` fails or never runs (remove a staged file). */
  discard?(prepared: P): void;
}

export type Operation<I = any, O = any> = OperationSpec<I, O> | ((input: I, call: CallContext) => O | Promise<O>);

/** A resource in CloudTrail's `resources` list of an event. */
export interface EventResource {
  ARN: string;
  accountId: string;
  type?: string;
}

/**
 * A ResourceType/ResourceName pair event history indexes. Event history derives these apart from
 * the record: IAM, CloudHSM and CloudTrail records carry no `resources`, yet LookupEvents finds their
 * events by resource (CloudTrail User Guide, "Working with CloudTrail event history": the Resource
 * type and Resource name lookup attributes). `resourceType` is absent where AWS has no type name (CloudTrail API Reference,
 * `Resource`: "When the resource type cannot be determined, null is returned").
 */
export interface LookupResource {
  resourceType?: string;
  resourceName: string;
}

/**
 * The few facts of a call's HTTP exchange that S3's records carry (requestParameters.Host,
 * additionalEventData), as plain values: services still never see HTTP.
 */
export interface CallWire {
  /** The Host header as sent. */
  host?: string;
  /** 'SigV4' when the request carried a SigV4 signature. */
  signatureVersion?: 'SigV4';
  /** Where the signature was: the Authorization header or a presigned query string. */
  authenticationMethod?: 'AuthHeader' | 'QueryString';
  /** The TLS cipher suite, when the connection was TLS. */
  cipherSuite?: string;
  bytesTransferredIn: number;
  bytesTransferredOut: number;
  /** S3's extended request id (the `x-amz-id-2` response header). */
  extendedRequestId?: string;
}

/**
 * What the audit trail needs to know about a service's operations beyond the model. Everything is
 * optional: by default requestParameters/responseElements are the input/output in lower camel case
 * with secrets redacted (audit/record/redaction.ts), and an operation is read-only when its name
 * starts with Describe, Get, List, Lookup or Head.
 */
export interface AuditSpec {
  readOnly?(operation: string): boolean | undefined;
  /** Object-level S3 calls are data events: recorded only when a trail's selectors ask for them. */
  isDataEvent?(operation: string): boolean;
  /** The record's own `resources`, where CloudTrail fills them (S3, STS). */
  resources?(operation: string, input: any, output: any, call: { accountId: string; region: string }): EventResource[];
  /** What event history indexes besides the record's `resources` (see LookupResource). */
  lookupResources?(operation: string, input: any, output: any, call: { accountId: string; region: string }): LookupResource[];
  /** Override requestParameters (return undefined to keep the default). */
  requestParameters?(operation: string, input: any, wire: CallWire): Record<string, unknown> | null | undefined;
  /** The record's additionalEventData, for services whose records carry one (S3). */
  additionalEventData?(operation: string, wire: CallWire): Record<string, unknown> | undefined;
  /** Override responseElements (return undefined to keep the default). */
  responseElements?(operation: string, output: any): Record<string, unknown> | null | undefined;
}

export interface ServiceDefinition {
  id: ServiceId;
  protocol: Protocol;
  /** CloudTrail's eventSource, e.g. `cloudhsm.amazonaws.com`. */
  eventSource: string;
  model: ServiceModel;
  /** The wire codec, when the service's differs from the model's default (codecFor). */
  codec?: Codec;
  /** IAM and STS-on-global-endpoint events are recorded in us-east-1, as AWS does. */
  globalRegion?: string;
  operations: Record<string, Operation>;
  /** The IAM action(s) and resource(s) an operation needs; omitted = `${prefix}:${operation}` on `*`. */
  authorize?(operation: string, input: any, call: CallContext): AuthorizationRequest[] | Promise<AuthorizationRequest[]>;
  /** IAM action prefix, e.g. `cloudhsm` for cloudhsmv2. */
  actionPrefix: string;
  /**
   * Operations named like reads (Describe*, List*, Get*, Lookup*, Head*) that change state, so they run in
   * the write transaction. Every other such operation runs on a read snapshot, which refuses writes.
   */
  writesOnRead?: readonly string[];
  /**
   * Operations AWS serves to unsigned requests because their input carries its own proof (SNS's SubscribeURL
   * and UnsubscribeURL), and the region such a call is for, read from its input. No IAM policy applies to
   * them: their handlers check the proof (`call.principal.type === 'Anonymous'`).
   */
  anonymous?: { operations: readonly string[]; regionOf(input: any): string | undefined };
  audit?: AuditSpec;
}
