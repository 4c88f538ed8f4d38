/**
 * TOTP as virtual MFA devices compute it: RFC 6238 over RFC 4226 HOTP, HMAC-SHA-1, 30-second steps,
 * 6 digits, with the seed shared as RFC 4648 base32 (IAM's Base32StringSeed). Codes are compared in
 * constant time, and one step of clock skew either way is allowed.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const STEP_SECONDS = 30;
const DIGITS = 6;
const SKEW_STEPS = 1;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text.toUpperCase().replace(/=+$/, '')) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new Error('not base32');
    value = ((value << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** A new seed: 40 random bytes, 64 base32 characters, as IAM's virtual devices get. */
export function newSeed(): string {
  return base32Encode(randomBytes(40));
}

export function stepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / STEP_SECONDS);
}

/** The code for one time step (RFC 4226 section 5.3, dynamic truncation). */
export function totp(seed: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(seed)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 15;
  const n = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(n % 10 ** DIGITS).padStart(DIGITS, '0');
}

function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const wellFormed = (code: unknown): code is string => typeof code === 'string' && /^\d{6}$/.test(code);

/**
 * The step `code` is valid for, within the skew window around `now` and after `lastStep` (a code
 * already used is refused), or undefined. Every candidate is compared, so timing tells nothing.
 */
export function verifyCode(seed: string, code: unknown, now: Date, lastStep = -1): number | undefined {
  if (!wellFormed(code)) return undefined;
  const current = stepAt(now);
  let found: number | undefined;
  for (let s = current - SKEW_STEPS; s <= current + SKEW_STEPS; s++) {
    if (sameCode(totp(seed, s), code) && s > lastStep && found === undefined) found = s;
  }
  return found;
}

/**
 * Two consecutive codes, as EnableMFADevice and ResyncMFADevice take them: the second for the step
 * right after the first's, the second within the skew window. Resolves the second's step.
 */
export function verifyConsecutive(seed: string, code1: unknown, code2: unknown, now: Date, lastStep = -1): number | undefined {
  if (!wellFormed(code1) || !wellFormed(code2)) return undefined;
  const current = stepAt(now);
  let found: number | undefined;
  for (let s = current - SKEW_STEPS; s <= current + SKEW_STEPS; s++) {
    const ok = sameCode(totp(seed, s - 1), code1) && sameCode(totp(seed, s), code2) && s - 1 > lastStep;
    if (ok && found === undefined) found = s;
  }
  return found;
}

/** The provisioning URI authenticator apps read from the QR code (Key Uri Format). */
export function otpauthUri(issuer: string, label: string, seed: string): string {
  const i = encodeURIComponent(issuer);
  return `otpauth://totp/${i}:${encodeURIComponent(label)}?secret=${seed}&issuer=${i}&algorithm=SHA1&digits=${DIGITS}&period=${STEP_SECONDS}`;
}
