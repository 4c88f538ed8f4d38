import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('--min-free-space', () => {
  it('defaults to 256 MiB', () => {
    expect(loadConfig({}, {}).minFreeSpace).toEqual({ bytes: 256 * 1024 ** 2 });
  });

  it('takes the flag over HSMTRAIL_MIN_FREE_SPACE, as a size or a percentage', () => {
    expect(loadConfig({}, { HSMTRAIL_MIN_FREE_SPACE: '5%' }).minFreeSpace).toEqual({ percent: 5 });
    expect(loadConfig({ minFreeSpace: '2GiB' }, { HSMTRAIL_MIN_FREE_SPACE: '5%' }).minFreeSpace).toEqual({ bytes: 2 * 1024 ** 3 });
    expect(loadConfig({ minFreeSpace: '0' }, {}).minFreeSpace).toEqual({ bytes: 0 });
  });

  it('refuses what is not a size, saying what would be', () => {
    expect(() => loadConfig({ minFreeSpace: 'plenty' }, {})).toThrow(ConfigError);
    expect(() => loadConfig({}, { HSMTRAIL_MIN_FREE_SPACE: '100%' })).toThrow(
      /use a size such as 512MiB or 2GB, or a percentage below 100/,
    );
  });
});
