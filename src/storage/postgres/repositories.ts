import type { Repositories } from '../ports.js';
import type { Sql } from './sql.js';
import { notYet } from './not-yet.js';
import { PgEventRepository } from './events.js';
import { PgConsumerCursorRepository } from './cursors.js';

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
    iamEntities: notYet('iamEntities'),
    iamKeys: notYet('iamKeys'),
    iamPolicies: notYet('iamPolicies'),
    iamPasswords: notYet('iamPasswords'),
    identityVersion: notYet('identityVersion'),
    signInFailures: notYet('signInFailures'),
    consoleSessions: notYet('consoleSessions'),
    // s3
    buckets: notYet('buckets'),
    objects: notYet('objects'),
    multipartUploads: notYet('multipartUploads'),
    // sqs
    sqsQueues: notYet('sqsQueues'),
    sqsMessages: notYet('sqsMessages'),
    // sns
    snsTopics: notYet('snsTopics'),
    snsSubscriptions: notYet('snsSubscriptions'),
    snsSigningKeys: notYet('snsSigningKeys'),
    // platform: leases, counters
    leases: notYet('leases'),
    throttles: notYet('throttles'),
  };
}
