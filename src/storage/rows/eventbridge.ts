import type { EventRule, EventRuleState } from '../ports/eventbridge.js';

/** The rows both engines keep for this aggregate, and how they map to domain values (engine-neutral). */
export interface RuleRow {
  arn: string;
  account_id: string;
  region: string;
  bus_name: string;
  name: string;
  event_pattern: string | null;
  schedule_expression: string | null;
  state: EventRuleState;
  description: string | null;
  role_arn: string | null;
  created_at: number;
}

export function toRule(r: RuleRow): EventRule {
  return {
    arn: r.arn,
    accountId: r.account_id,
    region: r.region,
    busName: r.bus_name,
    name: r.name,
    ...(r.event_pattern !== null ? { eventPattern: r.event_pattern } : {}),
    ...(r.schedule_expression !== null ? { scheduleExpression: r.schedule_expression } : {}),
    state: r.state,
    ...(r.description !== null ? { description: r.description } : {}),
    ...(r.role_arn !== null ? { roleArn: r.role_arn } : {}),
    createdAt: new Date(r.created_at),
  };
}
