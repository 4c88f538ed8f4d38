import type { NewEvent } from '../audit/events/ports.js';
import type { EventRepository } from './ports/events.js';
import type { LeaseRepository } from './ports/leases.js';
import type { HostedAccountRepository } from './ports/hosted-account.js';
import type { BackupRepository, CloudHsmTagRepository, ClusterRepository, HsmRepository, PkiRootRepository } from './ports/cloudhsm.js';
import type { NetworkRepository } from './ports/network.js';
import type { ConsumerCursorRepository } from './ports/cursors.js';
import type { DeliveryRepository } from './ports/delivery.js';
import type { DigestChainRepository } from './ports/digests.js';
import type { SigningKeyRepository } from './ports/signing-keys.js';
import type { TrailRepository } from './ports/trails.js';
import type { ThrottleRepository } from './ports/throttles.js';
import type { BucketRepository, MultipartUploadRepository, ObjectRepository } from './ports/objects.js';
import type {
  IamEntityRepository,
  IamKeyRepository,
  IamPasswordRepository,
  IamPolicyRepository,
  IdentityVersionRepository,
  SignInFailureRepository,
  ConsoleSessionRepository,
} from './ports/identity.js';
import type { IamMfaRepository } from './ports/mfa.js';
import type { SqsMessageRepository, SqsQueueRepository } from './ports/sqs.js';
import type { SnsSigningKeyRepository, SnsSubscriptionRepository, SnsTopicRepository } from './ports/sns.js';
import type { EventRuleRepository, EventTagRepository, EventTargetRepository } from './ports/eventbridge.js';
import type { SnsHttpDeliveryRepository } from './ports/sns-deliveries.js';
import type { EventTargetRetryRepository } from './ports/eventbridge-retries.js';

/** The repositories, one per aggregate; `src/storage/<engine>/` implements each natively. */
export interface Repositories {
  // audit: events, consumer cursors
  readonly events: EventRepository;
  readonly cursors: ConsumerCursorRepository;
  // cloudtrail: trails, delivery, digests, signing keys
  readonly trails: TrailRepository;
  readonly delivery: DeliveryRepository;
  readonly digests: DigestChainRepository;
  readonly signingKeys: SigningKeyRepository;
  // cloudhsm and ec2
  readonly cloudhsmClusters: ClusterRepository;
  readonly cloudhsmHsms: HsmRepository;
  readonly cloudhsmBackups: BackupRepository;
  readonly cloudhsmTags: CloudHsmTagRepository;
  readonly cloudhsmPkiRoots: PkiRootRepository;
  /** EC2's VPCs, subnets, security groups and ENIs. */
  readonly network: NetworkRepository;
  // identity
  readonly iamEntities: IamEntityRepository;
  readonly iamKeys: IamKeyRepository;
  readonly iamPolicies: IamPolicyRepository;
  readonly iamPasswords: IamPasswordRepository;
  readonly identityVersion: IdentityVersionRepository;
  readonly signInFailures: SignInFailureRepository;
  readonly consoleSessions: ConsoleSessionRepository;
  readonly iamMfa: IamMfaRepository;
  // s3
  readonly buckets: BucketRepository;
  readonly objects: ObjectRepository;
  readonly multipartUploads: MultipartUploadRepository;
  // sqs
  readonly sqsQueues: SqsQueueRepository;
  readonly sqsMessages: SqsMessageRepository;
  // sns
  readonly snsTopics: SnsTopicRepository;
  readonly snsSubscriptions: SnsSubscriptionRepository;
  readonly snsSigningKeys: SnsSigningKeyRepository;
  /** The http/https delivery outbox. */
  readonly snsHttpDeliveries: SnsHttpDeliveryRepository;
  // eventbridge
  readonly eventRules: EventRuleRepository;
  readonly eventTargets: EventTargetRepository;
  readonly eventTags: EventTagRepository;
  /** Deliveries owed to targets after a retryable failure. */
  readonly eventTargetRetries: EventTargetRetryRepository;
  // platform: leases, counters
  readonly leases: LeaseRepository;
  /** The account every node sharing the store must host. */
  readonly hostedAccount: HostedAccountRepository;
  readonly throttles: ThrottleRepository;
}

/** Registers work to run only after the transaction commits (e.g. unlinking replaced blobs). */
export type AfterCommit = (hook: () => void | Promise<void>) => void;

/**
 * One transaction's view of the store: the repositories, each bound to this transaction. A write
 * transaction commits (or rolls back) everything done through it as one; a read transaction sees one
 * consistent snapshot of committed data and never sees another transaction's uncommitted rows.
 */
export interface Tx extends Repositories {
  readonly afterCommit: AfterCommit;
}

/**
 * The storage boundary. `write` runs `fn` in a write transaction and settles after the commit that
 * covers it (fail-closed: a call's change and its event are durable before it is answered). `read`
 * runs `fn` on a consistent snapshot, never through the write queue where the engine allows it.
 * `fn` must do store work only: no long I/O inside a transaction.
 */
export interface Store {
  write<T>(fn: (tx: Tx) => T | Promise<T>): Promise<T>;
  read<T>(fn: (tx: Tx) => T | Promise<T>): Promise<T>;
  /**
   * Appends events, in order, in a transaction of their own that changes nothing else (a read-only
   * call's event, built on the snapshot that answered it); settles after that commit. Seq order stays
   * commit order, but an engine may commit it beside the state-changing writes rather than behind them.
   */
  appendEvents(events: readonly NewEvent[]): Promise<void>;
  close(): void | Promise<void>;
}
