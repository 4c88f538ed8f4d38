import type { Repositories } from '../ports.js';
import type { Db } from './database.js';
import { SqliteEventRepository } from './events.js';
import { SqliteLeaseRepository } from './leases.js';
import { SqliteBackupRepository } from './cloudhsm-backups.js';
import { SqliteClusterRepository } from './cloudhsm-clusters.js';
import { SqliteHsmRepository } from './cloudhsm-hsms.js';
import { SqlitePkiRootRepository } from './cloudhsm-pki.js';
import { SqliteCloudHsmTagRepository } from './cloudhsm-tags.js';
import { SqliteNetworkRepository } from './network.js';
import { SqliteSqsMessageRepository } from './sqs-messages.js';
import { SqliteSqsQueueRepository } from './sqs-queues.js';

/** Every repository, bound to one connection. The store builds one set per connection. */
export function sqliteRepositories(db: Db): Repositories {
  return {
    // audit: events, consumer cursors
    events: new SqliteEventRepository(db),
    // cloudtrail: trails, delivery, digests, signing keys
    // cloudhsm and ec2
    cloudhsmClusters: new SqliteClusterRepository(db),
    cloudhsmHsms: new SqliteHsmRepository(db),
    cloudhsmBackups: new SqliteBackupRepository(db),
    cloudhsmTags: new SqliteCloudHsmTagRepository(db),
    cloudhsmPkiRoots: new SqlitePkiRootRepository(db),
    network: new SqliteNetworkRepository(db),
    // identity
    // s3
    // sqs
    sqsQueues: new SqliteSqsQueueRepository(db),
    sqsMessages: new SqliteSqsMessageRepository(db),
    // platform: leases, counters
    leases: new SqliteLeaseRepository(db),
  };
}
