import type { Repositories } from '../ports.js';
import type { Sql } from './sql.js';
import { notYet } from './not-yet.js';
import { PgEventRepository } from './events.js';
import { PgConsumerCursorRepository } from './cursors.js';
import { PgIamEntityRepository } from './identity-entities.js';
import { PgIamKeyRepository } from './identity-keys.js';
import { PgIamPolicyRepository } from './identity-policies.js';
import { PgIamPasswordRepository } from './identity-passwords.js';
import { PgIdentityVersionRepository } from './identity-version.js';
import { PgSignInFailureRepository } from './signin-failures.js';
import { PgConsoleSessionRepository } from './console-sessions.js';
import { PgLeaseRepository } from './leases.js';
import { PgThrottleRepository } from './throttles.js';
import { PgBucketRepository } from './buckets.js';
import { PgObjectRepository } from './objects.js';
import { PgMultipartUploadRepository } from './multipart-uploads.js';
import { PgSqsQueueRepository } from './sqs-queues.js';
import { PgSqsMessageRepository } from './sqs-messages.js';
import { PgSnsTopicRepository } from './sns-topics.js';
import { PgSnsSubscriptionRepository } from './sns-subscriptions.js';
import { PgSnsSigningKeyRepository } from './sns-signing-keys.js';

/** Every repository, bound to one transaction's connection. */
export function pgRepositories(sql: Sql): Repositories {
  return {
    // audit: events, consumer cursors
    events: new PgEventRepository(sql),
    cursors: new PgConsumerCursorRepository(sql),
    // cloudtrail: trails, delivery, digests, signing keys
    trails: notYet('trails'),
    delivery: notYet('delivery'),
    digests: notYet('digests'),
    signingKeys: notYet('signingKeys'),
    // cloudhsm and ec2
    cloudhsmClusters: notYet('cloudhsmClusters'),
    cloudhsmHsms: notYet('cloudhsmHsms'),
    cloudhsmBackups: notYet('cloudhsmBackups'),
    cloudhsmTags: notYet('cloudhsmTags'),
    cloudhsmPkiRoots: notYet('cloudhsmPkiRoots'),
    network: notYet('network'),
    // identity
    iamEntities: new PgIamEntityRepository(sql),
    iamKeys: new PgIamKeyRepository(sql),
    iamPolicies: new PgIamPolicyRepository(sql),
    iamPasswords: new PgIamPasswordRepository(sql),
    identityVersion: new PgIdentityVersionRepository(sql),
    signInFailures: new PgSignInFailureRepository(sql),
    consoleSessions: new PgConsoleSessionRepository(sql),
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
    // platform: leases, counters
    leases: new PgLeaseRepository(sql),
    throttles: new PgThrottleRepository(sql),
  };
}
