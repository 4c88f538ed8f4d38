/** TestEventPattern: the pattern against an event given as JSON text, with the pattern's validation errors. */
import type * as T from '../../../protocol/generated/events.js';
import { validation, invalidPattern } from '../errors.js';
import { compilePattern, matchesPattern, PatternError } from '../pattern/index.js';

/** The event must carry EventBridge's envelope fields (TestEventPattern: "Event"). */
const REQUIRED = ['id', 'account', 'source', 'time', 'region', 'detail-type'];

export function testEventPattern(i: T.TestEventPatternRequest): T.TestEventPatternResponse {
  let pattern;
  try {
    pattern = compilePattern(i.EventPattern);
  } catch (err) {
    if (err instanceof PatternError) throw invalidPattern(err.message);
    throw err;
  }
  let event: unknown;
  try {
    event = JSON.parse(i.Event);
  } catch {
    throw validation('Parameter Event is not valid.');
  }
  if (!event || typeof event !== 'object' || Array.isArray(event)) throw validation('Parameter Event is not valid.');
  const missing = REQUIRED.filter((k) => !(k in event));
  if (missing.length) throw validation(`Parameter Event is not valid. Reason: Provided Event must have ${missing.join(', ')} field(s).`);
  return { Result: matchesPattern(pattern, event) };
}
