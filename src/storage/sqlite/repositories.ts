import type { Repositories } from '../ports.js';
import type { Db } from './database.js';
import { SqliteEventRepository } from './events.js';
import { SqliteConsumerCursorRepository } from './cursors.js';
import { SqliteDeliveryRepository } from './delivery.js';
import { SqliteDigestChainRepository } from './digests.js';
import { SqliteSigningKeyRepository } from './signing-keys.js';
import { SqliteTrailRepository } from './trails.js';

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
    // identity
    // s3
    // platform: leases, counters
  };
}
