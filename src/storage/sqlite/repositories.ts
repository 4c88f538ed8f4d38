import type { Repositories } from '../ports.js';
import type { Db } from './database.js';
import { SqliteEventRepository } from './events.js';
import { SqliteLeaseRepository } from './leases.js';
import { SqliteHostedAccountRepository } from './hosted-account.js';
import { SqliteBackupRepository } from './cloudhsm-backups.js';
import { SqliteClusterRepository } from './cloudhsm-clusters.js';
import { SqliteHsmRepository } from './cloudhsm-hsms.js';
import { SqlitePkiRootRepository } from './cloudhsm-pki.js';
import { SqliteCloudHsmTagRepository } from './cloudhsm-tags.js';
import { SqliteNetworkRepository } from './network.js';
import { SqliteConsumerCursorRepository } from './cursors.js';
import { SqliteDeliveryRepository } from './delivery.js';
import { SqliteDigestChainRepository } from './digests.js';
import { SqliteSigningKeyRepository } from './signing-keys.js';
import { SqliteTrailRepository } from './trails.js';
import { SqliteThrottleRepository } from './throttles.js';
import { SqliteBucketRepository } from './buckets.js';
import { SqliteObjectRepository } from './objects.js';
import { SqliteMultipartUploadRepository } from './multipart-uploads.js';
import { SqliteIamEntityRepository } from './identity-entities.js';
import { SqliteIamKeyRepository } from './identity-keys.js';
import { SqliteIamPasswordRepository } from './identity-passwords.js';
import { SqliteIamPolicyRepository } from './identity-policies.js';
import { SqliteIdentityVersionRepository } from './identity-version.js';
import { SqliteSignInFailureRepository } from './signin-failures.js';
import { SqliteConsoleSessionRepository } from './console-sessions.js';
import { SqliteIamMfaRepository } from './identity-mfa.js';
import { SqliteSqsMessageRepository } from './sqs-messages.js';
import { SqliteSqsQueueRepository } from './sqs-queues.js';
import { SqliteSnsSigningKeyRepository } from './sns-signing-keys.js';
import { SqliteSnsSubscriptionRepository } from './sns-subscriptions.js';
import { SqliteSnsTopicRepository } from './sns-topics.js';
import { SqliteEventRuleRepository, SqliteEventTagRepository, SqliteEventTargetRepository } from './eventbridge.js';
import { SqliteSnsHttpDeliveryRepository } from './sns-deliveries.js';
import { SqliteEventTargetRetryRepository } from './eventbridge-retries.js';

/** Every repository, bound to one connection. The store builds one set per connection. */
export function sqliteRepositories(db: Db): Repositories {
  return {
    // audit: events, consumer cursors
    events: new SqliteEventRepository(db),
    cursors: new SqliteConsumerCursorRepository(db),
    // cloudtrail: trails, delivery, digests, signing keys
    trails: new SqliteTrailRepository(db),
    delivery: new SqliteDeliveryRepository(db),
    digests: new SqliteDigestChainRepository(db),
    signingKeys: new SqliteSigningKeyRepository(db),
    // cloudhsm and ec2
    cloudhsmClusters: new SqliteClusterRepository(db),
    cloudhsmHsms: new SqliteHsmRepository(db),
    cloudhsmBackups: new SqliteBackupRepository(db),
    cloudhsmTags: new SqliteCloudHsmTagRepository(db),
    cloudhsmPkiRoots: new SqlitePkiRootRepository(db),
    network: new SqliteNetworkRepository(db),
    // identity
    iamEntities: new SqliteIamEntityRepository(db),
    iamKeys: new SqliteIamKeyRepository(db),
    iamPolicies: new SqliteIamPolicyRepository(db),
    iamPasswords: new SqliteIamPasswordRepository(db),
    identityVersion: new SqliteIdentityVersionRepository(db),
    signInFailures: new SqliteSignInFailureRepository(db),
    consoleSessions: new SqliteConsoleSessionRepository(db),
    iamMfa: new SqliteIamMfaRepository(db),
    // s3
    buckets: new SqliteBucketRepository(db),
    objects: new SqliteObjectRepository(db),
    multipartUploads: new SqliteMultipartUploadRepository(db),
    // sqs
    sqsQueues: new SqliteSqsQueueRepository(db),
    sqsMessages: new SqliteSqsMessageRepository(db),
    // sns
    snsTopics: new SqliteSnsTopicRepository(db),
    snsSubscriptions: new SqliteSnsSubscriptionRepository(db),
    snsSigningKeys: new SqliteSnsSigningKeyRepository(db),
    snsHttpDeliveries: new SqliteSnsHttpDeliveryRepository(db),
    // eventbridge
    eventRules: new SqliteEventRuleRepository(db),
    eventTargets: new SqliteEventTargetRepository(db),
    eventTags: new SqliteEventTagRepository(db),
    eventTargetRetries: new SqliteEventTargetRetryRepository(db),
    // platform: leases, counters
    leases: new SqliteLeaseRepository(db),
    hostedAccount: new SqliteHostedAccountRepository(db),
    throttles: new SqliteThrottleRepository(db),
  };
}
