import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, newSeed, otpauthUri, stepAt, totp, verifyCode, verifyConsecutive } from './totp.js';

// RFC 6238 Appendix B: the SHA-1 test seed is the ASCII "12345678901234567890"; codes are the low 6 digits.
const RFC_SEED = base32Encode(Buffer.from('12345678901234567890'));
const at = (seconds: number) => new Date(seconds * 1000);

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC 6238 SHA-1 test vectors', () => {
    const vectors: Array<[number, string]> = [
      [59, '287082'],
      [1111111109, '081804'],
      [1111111111, '050471'],
      [1234567890, '005924'],
      [2000000000, '279037'],
      [20000000000, '353130'],
    ];
    for (const [t, code] of vectors) expect(totp(RFC_SEED, stepAt(at(t)))).toBe(code);
  });

  it('round-trips base32 and makes 64-character seeds', () => {
    const seed = newSeed();
    expect(seed).toMatch(/^[A-Z2-7]{64}$/);
    expect(base32Encode(base32Decode(seed))).toBe(seed);
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
  });

  it('accepts one step of skew, refuses two and refuses a replayed step', () => {
    const now = at(1_700_000_000);
    const s = stepAt(now);
    expect(verifyCode(RFC_SEED, totp(RFC_SEED, s - 1), now)).toBe(s - 1);
    expect(verifyCode(RFC_SEED, totp(RFC_SEED, s + 1), now)).toBe(s + 1);
    expect(verifyCode(RFC_SEED, totp(RFC_SEED, s - 2), now)).toBeUndefined();
    expect(verifyCode(RFC_SEED, totp(RFC_SEED, s), now, s)).toBeUndefined();
    expect(verifyCode(RFC_SEED, '12345', now)).toBeUndefined();
    expect(verifyCode(RFC_SEED, 123456, now)).toBeUndefined();
  });

  it('takes two consecutive codes, in order', () => {
    const now = at(1_700_000_000);
    const s = stepAt(now);
    expect(verifyConsecutive(RFC_SEED, totp(RFC_SEED, s - 1), totp(RFC_SEED, s), now)).toBe(s);
    expect(verifyConsecutive(RFC_SEED, totp(RFC_SEED, s), totp(RFC_SEED, s - 1), now)).toBeUndefined();
    expect(verifyConsecutive(RFC_SEED, totp(RFC_SEED, s), totp(RFC_SEED, s), now)).toBeUndefined();
    expect(verifyConsecutive(RFC_SEED, totp(RFC_SEED, s - 3), totp(RFC_SEED, s - 2), now)).toBeUndefined();
  });

  it('builds the otpauth URI', () => {
    expect(otpauthUri('hsmtrail', 'alice@123456789012', 'ABC')).toBe(
      'otpauth://totp/hsmtrail:alice%40123456789012?secret=ABC&issuer=hsmtrail&algorithm=SHA1&digits=6&period=30',
    );
  });
});
