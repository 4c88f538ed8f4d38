import type { Repositories } from '../ports.js';
import type { Db } from './database.js';
import { SqliteEventRepository } from './events.js';
import { SqliteIamEntityRepository } from './identity-entities.js';
import { SqliteIamKeyRepository } from './identity-keys.js';
import { SqliteIamPasswordRepository } from './identity-passwords.js';
import { SqliteIamPolicyRepository } from './identity-policies.js';
import { SqliteIdentityVersionRepository } from './identity-version.js';
import { SqliteSignInFailureRepository } from './signin-failures.js';
import { SqliteConsoleSessionRepository } from './console-sessions.js';

/** Every repository, bound to one connection. The store builds one set per connection. */
export function sqliteRepositories(db: Db): Repositories {
  return {
    // audit: events, consumer cursors
    events: new SqliteEventRepository(db),
    // cloudtrail: trails, delivery, digests, signing keys
    // cloudhsm and ec2
    // identity
    iamEntities: new SqliteIamEntityRepository(db),
    iamKeys: new SqliteIamKeyRepository(db),
    iamPolicies: new SqliteIamPolicyRepository(db),
    iamPasswords: new SqliteIamPasswordRepository(db),
    identityVersion: new SqliteIdentityVersionRepository(db),
    signInFailures: new SqliteSignInFailureRepository(db),
    consoleSessions: new SqliteConsoleSessionRepository(db),
    // s3
    // platform: leases, counters
  };
}
