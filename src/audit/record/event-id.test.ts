import { describe, expect, it } from 'vitest';
import { newEventId } from './event-id.js';

describe('newEventId', () => {
  it('is a version 7 UUID in canonical form', () => {
    expect(newEventId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('is unique and sorts by time', () => {
    const ids = Array.from({ length: 10_000 }, () => newEventId());
    expect(new Set(ids).size).toBe(ids.length);
    const early = newEventId(Date.UTC(2026, 0, 1));
    const late = newEventId(Date.UTC(2026, 0, 2));
    expect(early < late).toBe(true);
  });
});
