/**
 * Whether a subscription's filter policy accepts a message (SNS Developer Guide, "Amazon SNS message filtering"):
 * with FilterPolicyScope MessageAttributes (the default) the policy meets the Publish's message attributes —
 * String as a string, Number as a number, String.Array as the JSON array it holds (each element matched on its
 * own), Binary not at all; with MessageBody it meets the message parsed as JSON, and a body that is not JSON
 * matches nothing. Matching itself is EventBridge's (`services/events/pattern`).
 */
import type { MessageAttributeValue } from '../../../protocol/generated/sns.js';
import { matchesPattern, type PatternNode } from '../../events/pattern/index.js';
import { roundNumber, roundNumbers } from './numbers.js';
import { compileFilterPolicy, FilterPolicyError, filterScopeOf, type CompiledFilter, type FilterScope } from './policy.js';

/** Compiled policies by scope and text: a topic's fan-out meets the same few policies message after message. */
const cache = new Map<string, CompiledFilter | undefined>();
/**
 * Bounded by the policies' total length, not their count: a policy may be 256 KB, and a thousand of those would be
 * a quarter of a gigabyte. The oldest entries go first.
 */
const CACHE_CHARS = 4 * 1024 * 1024;
let cachedChars = 0;

function compiled(text: string, scope: FilterScope): CompiledFilter | undefined {
  const key = `${scope}\n${text}`;
  if (cache.has(key)) return cache.get(key);
  let policy: CompiledFilter | undefined;
  try {
    policy = compileFilterPolicy(text, scope);
  } catch (err) {
    if (!(err instanceof FilterPolicyError)) throw err;
    // Only a policy stored before policies were validated can fail here; it was never applied, so it still is not.
    policy = undefined;
  }
  if (key.length > CACHE_CHARS) return policy;
  while (cachedChars + key.length > CACHE_CHARS) {
    const oldest = cache.keys().next().value!;
    cache.delete(oldest);
    cachedChars -= oldest.length;
  }
  cache.set(key, policy);
  cachedChars += key.length;
  return policy;
}

/**
 * The filter for one message with `attributes`: whether a subscription (its attributes) gets it, `message` being
 * its protocol's message. The views a policy meets (attributes, parsed body) are built once per message, not once
 * per subscription.
 */
export function messageFilter(
  attributes: Record<string, MessageAttributeValue> | undefined,
): (subscription: Record<string, string>, message: string) => boolean {
  let view: Record<string, unknown> | undefined;
  const bodies = new Map<string, unknown>();
  return (subscription, message) => {
    const text = subscription.FilterPolicy;
    if (!text) return true;
    const scope = filterScopeOf(subscription);
    const policy = compiled(text, scope);
    if (policy === undefined || policy === 'all') return true;
    if (scope === 'MessageAttributes') return safely(policy, (view ??= attributeView(attributes ?? {})));
    if (!bodies.has(message)) bodies.set(message, parseBody(message));
    const body = bodies.get(message);
    return body !== undefined && safely(policy, body);
  };
}

/** A message nested deeper than the stack allows (arrays in arrays, 256 KB of them) matches nothing: no 500. */
function safely(policy: PatternNode, value: unknown): boolean {
  try {
    return matchesPattern(policy, value);
  } catch (err) {
    if (err instanceof RangeError) return false;
    throw err;
  }
}

/** The body parsed, numbers rounded; undefined when it is not JSON (or too deep to walk). */
function parseBody(message: string): unknown {
  try {
    return roundNumbers(JSON.parse(message));
  } catch {
    return undefined;
  }
}

/** The message attributes as the policy sees them: name → string, number or array; Binary ones left out. */
function attributeView(attributes: Record<string, MessageAttributeValue>): Record<string, unknown> {
  const view: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [name, a] of Object.entries(attributes)) {
    const value = attributeValue(a);
    if (value !== undefined) view[name] = value;
  }
  return view;
}

function attributeValue(a: MessageAttributeValue): unknown {
  const type = a.DataType.split('.')[0];
  const s = a.StringValue;
  if (s === undefined || type === 'Binary') return undefined;
  if (type === 'Number') {
    const n = Number(s);
    return s.trim() !== '' && Number.isFinite(n) ? roundNumber(n) : undefined;
  }
  if (a.DataType !== 'String.Array') return s;
  try {
    const parsed: unknown = JSON.parse(s);
    return Array.isArray(parsed) ? roundNumbers(parsed) : undefined;
  } catch {
    return undefined;
  }
}
