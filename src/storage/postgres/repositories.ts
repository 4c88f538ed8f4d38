import type { Repositories } from '../ports.js';
import type { Sql } from './sql.js';
import { PgEventRepository } from './events.js';
import { PgConsumerCursorRepository } from './cursors.js';
import { PgIamEntityRepository } from './identity-entities.js';
import { PgIamKeyRepository } from './identity-keys.js';
import { PgIamPolicyRepository } from './identity-policies.js';
import { PgIamPasswordRepository } from './identity-passwords.js';
import { PgIdentityVersionRepository } from './identity-version.js';
import { PgSignInFailureRepository } from './signin-failures.js';
import { PgConsoleSessionRepository } from './console-sessions.js';
import { PgIamMfaRepository } from './identity-mfa.js';
import { PgLeaseRepository } from './leases.js';
import { PgHostedAccountRepository } from './hosted-account.js';
import { PgThrottleRepository } from './throttles.js';
import { PgClusterRepository } from './cloudhsm-clusters.js';
import { PgHsmRepository } from './cloudhsm-hsms.js';
import { PgBackupRepository } from './cloudhsm-backups.js';
import { PgCloudHsmTagRepository } from './cloudhsm-tags.js';
import { PgPkiRootRepository } from './cloudhsm-pki.js';
import { PgNetworkRepository } from './network.js';
import { PgTrailRepository } from './trails.js';
import { PgDeliveryRepository } from './delivery.js';
import { PgDigestChainRepository } from './digests.js';
import { PgSigningKeyRepository } from './signing-keys.js';
import { PgBucketRepository } from './buckets.js';
import { PgObjectRepository } from './objects.js';
import { PgMultipartUploadRepository } from './multipart-uploads.js';
import { PgSqsQueueRepository } from './sqs-queues.js';
import { PgSqsMessageRepository } from './sqs-messages.js';
import { PgSnsTopicRepository } from './sns-topics.js';
import { PgSnsSubscriptionRepository } from './sns-subscriptions.js';
import { PgSnsSigningKeyRepository } from './sns-signing-keys.js';
import { PgSnsHttpDeliveryRepository } from './sns-deliveries.js';
import { PgEventTargetRetryRepository } from './eventbridge-retries.js';
import { PgEventRuleRepository, PgEventTagRepository, PgEventTargetRepository } from './eventbridge.js';

/** Every repository, bound to one transaction's connection. */
export function pgRepositories(sql: Sql): Repositories {
  return {
    // audit: events, consumer cursors
    events: new PgEventRepository(sql),
    cursors: new PgConsumerCursorRepository(sql),
    // cloudtrail: trails, delivery, digests, signing keys
    trails: new PgTrailRepository(sql),
    delivery: new PgDeliveryRepository(sql),
    digests: new PgDigestChainRepository(sql),
    signingKeys: new PgSigningKeyRepository(sql),
    // cloudhsm and ec2
    cloudhsmClusters: new PgClusterRepository(sql),
    cloudhsmHsms: new PgHsmRepository(sql),
    cloudhsmBackups: new PgBackupRepository(sql),
    cloudhsmTags: new PgCloudHsmTagRepository(sql),
    cloudhsmPkiRoots: new PgPkiRootRepository(sql),
    network: new PgNetworkRepository(sql),
    // identity
    iamEntities: new PgIamEntityRepository(sql),
    iamKeys: new PgIamKeyRepository(sql),
    iamPolicies: new PgIamPolicyRepository(sql),
    iamPasswords: new PgIamPasswordRepository(sql),
    identityVersion: new PgIdentityVersionRepository(sql),
    signInFailures: new PgSignInFailureRepository(sql),
    consoleSessions: new PgConsoleSessionRepository(sql),
    iamMfa: new PgIamMfaRepository(sql),
    // s3
    buckets: new PgBucketRepository(sql),
    objects: new PgObjectRepository(sql),
    multipartUploads: new PgMultipartUploadRepository(sql),
    // sqs
    sqsQueues: new PgSqsQueueRepository(sql),
    sqsMessages: new PgSqsMessageRepository(sql),
    // sns
    snsTopics: new PgSnsTopicRepository(sql),
    snsSubscriptions: new PgSnsSubscriptionRepository(sql),
    snsSigningKeys: new PgSnsSigningKeyRepository(sql),
    snsHttpDeliveries: new PgSnsHttpDeliveryRepository(sql),
    // eventbridge
    eventRules: new PgEventRuleRepository(sql),
    eventTargets: new PgEventTargetRepository(sql),
    eventTags: new PgEventTagRepository(sql),
    eventTargetRetries: new PgEventTargetRetryRepository(sql),
    // platform: leases, counters
    leases: new PgLeaseRepository(sql),
    hostedAccount: new PgHostedAccountRepository(sql),
    throttles: new PgThrottleRepository(sql),
  };
}
