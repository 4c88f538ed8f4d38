import type { DataEventInterest } from '../../audit/events/ports.js';
import type { Db } from '../../storage/sqlite/database.js';
import { trailSelects } from './selectors.js';
import { trailStore } from './trail-store.js';

/**
 * Answers the recorder's "does any logging trail select this data event?" from the trails' event
 * selectors and region scope, so unselected S3 object calls are never stored.
 */
export class TrailDataEventInterest implements DataEventInterest {
  constructor(private readonly db: Db) {}

  wants(event: Parameters<DataEventInterest['wants']>[0]): boolean {
    const trails = this.db.prepare('SELECT arn FROM ct_trails WHERE is_logging = 1 AND selectors IS NOT NULL').all() as Array<{
      arn: string;
    }>;
    const candidate = { ...event, eventCategory: 'Data' as const };
    return trails.some(({ arn }) => {
      const trail = trailStore.get(this.db, arn);
      return trail !== undefined && trailSelects(trail, candidate);
    });
  }
}
