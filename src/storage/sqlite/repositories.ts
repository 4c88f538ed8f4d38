import type { Repositories } from '../ports.js';
import type { Db } from './database.js';
import { SqliteEventRepository } from './events.js';
import { SqliteThrottleRepository } from './throttles.js';

/** Every repository, bound to one connection. The store builds one set per connection. */
export function sqliteRepositories(db: Db): Repositories {
  return {
    // audit: events, consumer cursors
    events: new SqliteEventRepository(db),
    // cloudtrail: trails, delivery, digests, signing keys
    // cloudhsm and ec2
    // identity
    // s3
    // platform: leases, counters
    throttles: new SqliteThrottleRepository(db),
  };
}
