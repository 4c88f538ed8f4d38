import type { Store } from '../storage/ports.js';
import type { Config } from '../config/config.js';
import type { Logger } from 'pino';
import type { ServiceDefinition, ServiceId } from '../services/service.js';
import { stsService } from '../services/sts/service.js';
import { iamService } from '../services/iam/service.js';
import type { Identity } from '../identity/index.js';
import { s3Service } from '../services/s3/service.js';
import { LifecycleWorker } from '../services/s3/lifecycle-worker.js';
import { cloudhsmv2Service } from '../services/cloudhsmv2/service.js';
import { ec2Service } from '../services/ec2/service.js';
import { sqsService } from '../services/sqs/service.js';
import { snsService } from '../services/sns/service.js';
import type { ServicePublisher } from '../services/sns/service-publisher.js';
import { serviceSender } from '../services/sqs/service-sender.js';
import { S3Notifier } from '../services/s3/notifications/notifier.js';
import { eventsService } from '../services/events/service.js';
import { CloudTrailBusWorker } from '../services/events/worker.js';
import { EventRetryWorker, type RetryStatus } from '../services/events/retry-worker.js';
import { newFailureCounts, type SettledFailure } from '../services/events/dead-letter.js';
import type { DeliveryDeps } from '../services/events/delivery.js';
import { adminService } from '../services/admin/provider.js';
import { cloudtrailService } from '../services/cloudtrail/service.js';
import { TrailDataEventInterest } from '../services/cloudtrail/data-event-interest.js';
import { SigningKeyRing } from '../audit/digest/key-ring.js';
import { SecretBox } from '../identity/store/secret-box.js';
import { deliveryDestination } from '../audit/deliver/destination.js';
import { DeliveryPipeline } from '../audit/deliver/pipeline.js';
import type { DataEventInterest } from '../audit/events/ports.js';
import { lookupEvents } from '../query/lookup-events.js';
import { LookupThrottle } from '../query/throttle.js';
import { flushTrailsAction } from '../services/admin/flush.js';
import { cloudHsmAdminActions } from '../services/admin/actions.js';
import { EventFollowers } from '../services/admin/follow.js';

/** What service factories may depend on. Each service takes only what it uses. */
export interface ServiceDeps {
  config: Config;
  /** The storage boundary (transactions over the repositories). */
  store: Store;
  /** The store as leader-gated workers write to it: a deposed leader's writes are refused (fencing). */
  workerStore?: Store;
  logger: Logger;
  accountId: string;
  /** IAM/STS state, credential lookup and authorizer (identity/); IAM is hosted when present. */
  identity?: Identity;
}

/** Background work a service owns (lifecycle transitions, delivery); run by the worker leader (app/leader.ts). */
export interface Worker {
  start(): void;
  stop(): Promise<void> | void;
}

export interface ServiceRegistry {
  services: Map<ServiceId, ServiceDefinition>;
  workers: Worker[];
  /** Which S3 data events the trails select (the recorder asks before storing one). */
  dataEvents: DataEventInterest;
  /** Long-lived responses (FollowEvents streams): ended first on shutdown, so the server can close. */
  streams: Worker;
  /** Told after each commit that appended an event (wakes EventBridge's CloudTrail bus worker). */
  onEventCommitted: () => void;
  /** EventBridge's retries owed and failures settled (shown in /health). */
  eventBridge: () => RetryStatus;
}

const SETTLED_MESSAGES: Record<SettledFailure['outcome'], string> = {
  deadLettered: "EventBridge target failed; the event was sent to the target's dead-letter queue",
  dropped: 'EventBridge target failed; the event was dropped (no dead-letter queue)',
  deadLetterFailed: 'EventBridge target failed and its dead-letter queue refused the event; the event is lost',
};

/** The hosted services, one line each. */
export function buildServices(deps: ServiceDeps): ServiceRegistry {
  const services = new Map<ServiceId, ServiceDefinition>();
  const workers: Worker[] = [];
  // Every leader-run worker writes through this: a deposed leader's work is refused at commit.
  const workerStore = deps.workerStore ?? deps.store;
  const add = (s: ServiceDefinition) => services.set(s.id, s);
  // The master key seals what the services store of secrets: SNS and CloudTrail signing keys, CloudHSM keys.
  const box = SecretBox.forDataDir(deps.config.dataDir);

  add(stsService(deps.identity?.account));
  if (deps.identity) {
    add(iamService({ account: deps.identity.account, lastUsed: deps.identity.lastUsed }));
  }
  // SQS and SNS first: S3's event notifications and CloudTrail's send through their service ports.
  const sqs = sqsService();
  const wake = (arn: string) => sqs.provider.wakeups.wake(arn);
  const sns = snsService({ box, store: workerStore, onDelivered: wake });
  // S3 answers every unidentified request (its paths are arbitrary), so it is always registered.
  const s3Notifier = new S3Notifier({ queues: serviceSender(wake), topics: sns.publisher });
  const s3 = s3Service({
    config: deps.config,
    store: deps.store,
    notifier: s3Notifier,
    onRecoveryError: (err: unknown) => deps.logger.error({ err }, 'bucket recovery failed'),
  });
  add(s3);
  workers.push(lifecycleWorker(deps, s3.store, workerStore));

  const cloudhsm = cloudhsmv2Service({
    store: workerStore,
    box,
    options: {
      timings: deps.config.timings,
      autoActivateAfterMs: deps.config.autoActivate ? 500 : undefined,
      quotas: deps.config.cloudHsmClusterQuota ? { clustersPerRegion: deps.config.cloudHsmClusterQuota } : {},
    },
  });
  add(cloudhsm);
  workers.push(cloudhsm.lifecycle);
  add(ec2Service());
  add(sqs);
  add(sns);
  workers.push(sns.httpDelivery);
  const { retryBaseMs, retryMaxMs, invocationsPerSecond } = deps.config.eventBridge;
  const deliveries: DeliveryDeps = {
    publish: sns.publishDeps,
    settings: { backoff: { baseMs: retryBaseMs, maxMs: retryMaxMs }, invocationsPerSecond },
    counts: newFailureCounts(),
    onQueued: wake,
    onSettled: (f) => deps.logger.warn(f, SETTLED_MESSAGES[f.outcome]),
    onRetryOwed: () => retries.wake(),
  };
  const retries = new EventRetryWorker({
    store: deps.workerStore ?? deps.store,
    deliveries,
    onError: (err) => deps.logger.error({ err }, 'EventBridge retry failed; will try again'),
  });
  workers.push(retries);
  add(eventsService(deliveries));
  const bus = new CloudTrailBusWorker({
    store: workerStore,
    deliveries,
    accountId: deps.accountId,
    intervalMs: deps.config.eventBridge.pollMs,
    onError: (err) => deps.logger.error({ err }, 'EventBridge CloudTrail delivery failed; will retry'),
  });
  workers.push(bus);

  const trails = buildTrails(deps, box, s3.store, sns.publisher, s3Notifier);
  add(trails.service);
  workers.push(trails.pipeline);

  // Followers poll committed events on read snapshots of the store.
  const followers = new EventFollowers(deps.store);
  add(adminService(cloudHsmAdminActions({ flushTrails: flushTrailsAction(trails.pipeline) }), followers));
  return {
    services,
    workers,
    dataEvents: new TrailDataEventInterest(),
    streams: followers,
    onEventCommitted: () => bus.wake(),
    eventBridge: () => retries.status(),
  };
}

/** Expires objects in the built-in bucket by their buckets' lifecycle rules. */
function lifecycleWorker(deps: ServiceDeps, store: ReturnType<typeof s3Service>['store'], writes: Store): LifecycleWorker {
  const { intervalMs, clockOffsetMs } = deps.config.lifecycle;
  const clock = () => new Date(Date.now() + clockOffsetMs);
  return new LifecycleWorker({ store, writes, logger: deps.logger, clock, intervalMs });
}

/** CloudTrail: the trails API, and the pipeline that delivers log files and digests to their buckets. */
function buildTrails(
  deps: ServiceDeps,
  box: SecretBox,
  buckets: ReturnType<typeof s3Service>['store'],
  topics: ServicePublisher,
  s3Events: S3Notifier,
) {
  const { config } = deps;
  const keyRing = new SigningKeyRing(box);
  void keyRing.sealLegacyKeys(deps.store).catch((err: unknown) => deps.logger.error({ err }, 'sealing legacy signing keys failed'));
  const { store: objects, bucketCheck } = deliveryDestination(config.delivery, buckets, (tx, o) =>
    s3Events.emitServicePut(tx, 'cloudtrail.amazonaws.com', o),
  );
  const throttle = config.lookupEventsThrottle ? new LookupThrottle(2) : undefined;
  const service = cloudtrailService({
    bucketCheck,
    topics,
    keyRing,
    lookupEventsWrites: throttle !== undefined,
    lookupEvents: (input, call) =>
      lookupEvents(call.tx, input, {
        region: call.region,
        now: call.now,
        retentionDays: config.retentionMs / 86_400_000,
        throttle,
        accountId: call.accountId,
      }),
  });
  const pipeline = new DeliveryPipeline({
    store: deps.workerStore ?? deps.store,
    objects,
    keyRing,
    bucketCheck,
    topics,
    delivery: { intervalMs: config.deliveryIntervalSeconds * 1000 },
    digest: { periodMs: config.digestPeriodSeconds * 1000 },
    onError: (err) => deps.logger.error({ err }, 'trail delivery failed; will retry'),
  });
  return { service, pipeline };
}
