/** What EventBridge operations share: the rule an input names, pagination tokens. */
import type { EventRule } from '../../storage/ports/eventbridge.js';
import type { CallContext } from '../service.js';
import { busName, ruleArn } from './arns.js';
import { ruleNotFound, validation } from './errors.js';

export async function ruleOf(call: CallContext, name: string, bus?: string): Promise<EventRule> {
  const b = busName(bus, call.region, call.accountId);
  const rule = await call.tx.eventRules.get(ruleArn(call.region, call.accountId, name));
  if (!rule) throw ruleNotFound(name, b);
  return rule;
}

/** NextToken: the last key of the previous page, opaque to clients. */
export const nextToken = (key: string) => Buffer.from(`eb1:${key}`).toString('base64url');

export function afterToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith('eb1:')) throw validation('The provided NextToken is not valid.');
  return text.slice(4);
}

/** Limit: 1 to 100, 100 by default (ListRules, ListTargetsByRule). */
export const pageSize = (limit: number | undefined) => Math.min(Math.max(limit ?? 100, 1), 100);
