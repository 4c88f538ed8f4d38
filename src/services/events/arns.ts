/**
 * EventBridge ARNs (EventBridge User Guide, "Resource-level permissions for EventBridge"): the default bus
 * `arn:aws:events:<region>:<account>:event-bus/default`, its rules `arn:aws:events:<region>:<account>:rule/<name>`.
 * hsmtrail hosts the default bus only.
 */
import { busNotFound } from './errors.js';

export const DEFAULT_BUS = 'default';

export const busArn = (region: string, accountId: string, bus = DEFAULT_BUS) => `arn:aws:events:${region}:${accountId}:event-bus/${bus}`;
/** Rules of the default bus have no bus segment; other buses' rules would be rule/<bus>/<name>. */
export const ruleArn = (region: string, accountId: string, name: string) => `arn:aws:events:${region}:${accountId}:rule/${name}`;

const RULE_ARN = /^arn:aws:events:([a-z0-9-]+):(\d{12}):rule\/([^/]+)$/;
const BUS_ARN = /^arn:aws:events:([a-z0-9-]+):(\d{12}):event-bus\/([^/]+)$/;

export interface RuleRef {
  region: string;
  accountId: string;
  name: string;
}

export function parseRuleArn(arn: string): RuleRef | undefined {
  const m = RULE_ARN.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}

export function parseBusArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const m = BUS_ARN.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}

/** EventBusName as a name or an ARN; anything but the caller's default bus is ResourceNotFoundException. */
export function busName(given: string | undefined, region: string, accountId: string): string {
  if (given === undefined || given === DEFAULT_BUS || given === busArn(region, accountId)) return DEFAULT_BUS;
  throw busNotFound(parseBusArn(given)?.name ?? given);
}
