import type { DataEventInterest } from '../../audit/events/ports.js';
import { trailSelects } from '../../audit/trails/selectors.js';
import type { Repositories } from '../../storage/ports.js';

/**
 * Answers the recorder's "does any logging trail select this data event?" from the trails' event
 * selectors and region scope, so unselected S3 object calls are never stored.
 */
export class TrailDataEventInterest implements DataEventInterest {
  async wants(event: Parameters<DataEventInterest['wants']>[0], tx: Repositories): Promise<boolean> {
    const candidate = { ...event, eventCategory: 'Data' as const };
    return (await tx.trails.loggingWithSelectors()).some((trail) => trailSelects(trail, candidate));
  }
}
