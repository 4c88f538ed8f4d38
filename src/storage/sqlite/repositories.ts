import type { Repositories } from '../ports.js';
import type { Db } from './database.js';
import { SqliteEventRepository } from './events.js';
import { SqliteBucketRepository } from './buckets.js';
import { SqliteObjectRepository } from './objects.js';
import { SqliteMultipartUploadRepository } from './multipart-uploads.js';

/** Every repository, bound to one connection. The store builds one set per connection. */
export function sqliteRepositories(db: Db): Repositories {
  return {
    // audit: events, consumer cursors
    events: new SqliteEventRepository(db),
    // cloudtrail: trails, delivery, digests, signing keys
    // cloudhsm and ec2
    // identity
    // s3
    buckets: new SqliteBucketRepository(db),
    objects: new SqliteObjectRepository(db),
    multipartUploads: new SqliteMultipartUploadRepository(db),
    // platform: leases, counters
  };
}
