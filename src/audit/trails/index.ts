export type { LoggingInterval, StoredSelectors, TrailRecord, TrailTag } from './trail.js';
export {
  GLOBAL_EVENTS_REGION,
  isGlobalServiceEvent,
  selectorsMatch,
  trailCoversRegion,
  trailSelects,
  type SelectableEvent,
} from './selectors.js';
export { trailCursors } from './cursors.js';
export { forgetTrail } from './forget.js';
export { trailTopicArn, trailTopicName } from './topic.js';
