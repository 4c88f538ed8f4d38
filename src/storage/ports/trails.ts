import type { LoggingInterval, TrailRecord, TrailTag } from '../../audit/trails/trail.js';

/** Trails with their selectors, logging intervals and tags. */
export interface TrailRepository {
  get(arn: string): Promise<TrailRecord | undefined>;
  /** Trails of an account homed in `region`, then (withShadows) multi-region trails homed elsewhere; by name. */
  inRegion(accountId: string, region: string, withShadows: boolean): Promise<TrailRecord[]>;
  /** Every trail of the account, by home region then name. */
  ofAccount(accountId: string): Promise<TrailRecord[]>;
  /** Every trail, by ARN. */
  all(): Promise<TrailRecord[]>;
  /** Logging trails with custom event selectors (the only ones that can select data events). */
  loggingWithSelectors(): Promise<TrailRecord[]>;
  /** Refuses (rejects) a second trail with the same ARN or the same (account, home region, name). */
  insert(trail: TrailRecord): Promise<void>;
  update(trail: TrailRecord): Promise<void>;
  /** Removes the trail, its logging intervals and its tags. */
  delete(arn: string): Promise<void>;
  /** Opens an interval (ignored when one started at the same instant); `seq` is its first event's. */
  startInterval(arn: string, at: number, seq?: number): Promise<void>;
  /** Closes the open interval; `seq` is its last event's. */
  stopInterval(arn: string, at: number, seq?: number): Promise<void>;
  /** Oldest first. */
  intervals(arn: string): Promise<LoggingInterval[]>;
  /** By key. */
  tags(arn: string): Promise<TrailTag[]>;
  /** Adds or overwrites; resolves to the trail's tag count afterwards. */
  putTags(arn: string, tags: TrailTag[]): Promise<number>;
  /** Removes each key; one given with a value only when the value matches. */
  removeTags(arn: string, tags: Array<{ key: string; value?: string }>): Promise<void>;
}
