import { describe, expect, it } from 'vitest';
import { generateEvents } from '../../query/testing/generate-events.js';
import type { HistoryEvent, LookupQuery } from '../ports/events.js';
import { lookupPage, pageQuery } from './event-lookup.js';
import { SqliteStore } from './store.js';

const START = new Date('2026-01-01T00:00:00Z');
const query = (after?: LookupQuery['after']): LookupQuery => ({
  region: 'us-east-1',
  from: START,
  to: new Date('2027-01-01T00:00:00Z'),
  limit: 7,
  ...(after ? { after } : {}),
});

/** Every page from the newest, each after the last one's final event. */
function walk(store: SqliteStore): HistoryEvent[] {
  const seen: HistoryEvent[] = [];
  for (let after: LookupQuery['after']; ;) {
    const page = lookupPage(store.db, query(after));
    seen.push(...page);
    if (page.length < 7) return seen;
    after = { timeMs: page.at(-1)!.eventTime.getTime(), seq: page.at(-1)!.seq };
  }
}

describe('LookupEvents pages (SQLite)', () => {
  it('bound the index range by the cursor, not only by EndTime: a page never walks the rows of the pages before it', () => {
    const cursor = { timeMs: START.getTime() + 5000, seq: 42 };
    expect(pageQuery(query(cursor)).params.slice(0, 2)).toEqual([START.getTime(), cursor.timeMs]);
    const early = { ...query(cursor), to: new Date(START.getTime() + 1000) };
    expect(pageQuery(early).params.slice(0, 2)).toEqual([START.getTime(), START.getTime() + 1000]);
  });

  it('walk the whole history newest first, ties in time by seq, without a gap or a repeat', async () => {
    const store = new SqliteStore(':memory:');
    // Ten events a millisecond apart, then 90 at one instant: cursors that tie with the next page.
    await generateEvents(store, { count: 10, start: START, stepMs: 1 });
    await generateEvents(store, { count: 90, start: new Date(START.getTime() + 100), stepMs: 0 });
    const all = (await store.read((tx) => tx.events.readAfter(0, 1000))).filter(
      (e) => e.region === 'us-east-1' && e.eventCategory === 'Management',
    );
    const expected = [...all].sort((a, b) => b.eventTime.getTime() - a.eventTime.getTime() || b.seq - a.seq).map((e) => e.seq);
    expect(walk(store).map((e) => e.seq)).toEqual(expected);
    store.close();
  });
});
