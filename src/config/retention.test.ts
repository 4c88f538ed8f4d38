import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const retentionOf = (flags: Record<string, string>, env: Record<string, string> = {}) => loadConfig(flags, env).retentionMs;

describe('--retention', () => {
  it('takes a duration in days, hours, minutes (or seconds)', () => {
    expect(retentionOf({ retention: '90d' })).toBe(90 * 86_400_000);
    expect(retentionOf({ retention: '12h' })).toBe(12 * 3_600_000);
    expect(retentionOf({ retention: '30m' })).toBe(30 * 60_000);
    expect(retentionOf({ retention: '5s' })).toBe(5000);
    expect(retentionOf({})).toBe(90 * 86_400_000);
  });

  it('keeps --retention-days and the environment as synonyms; the flag wins', () => {
    expect(retentionOf({ retentionDays: '7' })).toBe(7 * 86_400_000);
    expect(retentionOf({}, { HSMTRAIL_RETENTION: '2h' })).toBe(2 * 3_600_000);
    expect(retentionOf({}, { HSMTRAIL_RETENTION_DAYS: '3' })).toBe(3 * 86_400_000);
    expect(retentionOf({ retentionDays: '1' }, { HSMTRAIL_RETENTION: '2h' })).toBe(86_400_000);
    expect(retentionOf({ retention: '1h' }, { HSMTRAIL_RETENTION_DAYS: '3' })).toBe(3_600_000);
  });

  it('refuses what is not a positive duration', () => {
    for (const bad of ['90', '0d', '-1h', '1w', 'forever', '']) expect(() => retentionOf({ retention: bad }), bad).toThrow(ConfigError);
    expect(() => retentionOf({ retentionDays: '0' })).toThrow(/retention days/);
  });
});
