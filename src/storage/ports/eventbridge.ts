/** EventBridge rules on event buses, their targets, and tags (rules and buses). Rules and targets keyed by rule ARN. */

export type EventRuleState = 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

export interface EventRule {
  /** arn:aws:events:<region>:<account>:rule/<name> (default bus) or rule/<bus>/<name>. */
  arn: string;
  accountId: string;
  region: string;
  busName: string;
  name: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state: EventRuleState;
  description?: string;
  roleArn?: string;
  createdAt: Date;
}

export interface EventRuleListing {
  accountId: string;
  region: string;
  busName: string;
  namePrefix?: string;
  /** Names strictly after this one (pagination). */
  after?: string;
  limit: number;
}

export interface EventRuleRepository {
  get(arn: string): Promise<EventRule | undefined>;
  /** Creates or replaces the rule (PutRule); its targets and tags stay. */
  put(rule: EventRule): Promise<void>;
  /** Rules of one bus, by name. */
  list(listing: EventRuleListing): Promise<EventRule[]>;
  /** Rules of one bus that are not DISABLED and have a pattern: what an event is matched against. */
  enabled(accountId: string, region: string, busName: string): Promise<EventRule[]>;
  setState(arn: string, state: EventRuleState): Promise<void>;
  /** Removes the rule, its targets and its tags. */
  delete(arn: string): Promise<void>;
}

export interface EventTarget {
  ruleArn: string;
  id: string;
  /** The target resource (an SQS queue or SNS topic ARN). */
  arn: string;
  /** The Target as PutTargets gave it (Id, Arn, Input, InputPath...), as JSON, for ListTargetsByRule. */
  definition: string;
}

export interface EventTargetRepository {
  /** Targets of one rule, by Id, after `after`. */
  list(ruleArn: string, after?: string, limit?: number): Promise<EventTarget[]>;
  /** Creates or replaces the target with this rule and Id. */
  put(target: EventTarget): Promise<void>;
  /** True when it existed. */
  remove(ruleArn: string, id: string): Promise<boolean>;
  count(ruleArn: string): Promise<number>;
  /** ARNs of rules whose ARN starts with `rulePrefix` that have a target with this ARN, by rule ARN, after `after`. */
  rulesByTarget(targetArn: string, rulePrefix: string, after: string | undefined, limit: number): Promise<string[]>;
}

export interface EventTagRepository {
  /** Tags of a rule or bus ARN (empty when none). */
  get(arn: string): Promise<Record<string, string>>;
  set(arn: string, tags: Record<string, string>): Promise<void>;
}
