import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('--database / HSMTRAIL_DATABASE_URL', () => {
  it('is absent by default (SQLite in the data dir)', () => {
    expect(loadConfig({}, {}).database).toBeUndefined();
  });

  it('takes a postgres:// URL from the flag or the environment, the flag first', () => {
    const env = { HSMTRAIL_DATABASE_URL: 'postgresql://u:pw@db.internal:5433/hsmtrail' };
    expect(loadConfig({}, env).database).toBe(env.HSMTRAIL_DATABASE_URL);
    expect(loadConfig({ database: 'postgres://u@10.0.0.5/other' }, env).database).toBe('postgres://u@10.0.0.5/other');
  });

  it('refuses what is not a PostgreSQL URL naming a host and a database, without echoing it', () => {
    for (const bad of ['not a url', 'mysql://u:secret@h/db', 'postgres://u:secret@h', 'postgres://u:secret@h/']) {
      expect(() => loadConfig({ database: bad }, {})).toThrow(ConfigError);
      expect(() => loadConfig({ database: bad }, {})).toThrow(/postgres:\/\/user:password@host:5432\/database/);
      try {
        loadConfig({ database: bad }, {});
      } catch (err) {
        expect((err as Error).message).not.toContain('secret');
      }
    }
  });
});
