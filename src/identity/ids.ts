import { randomBytes, randomInt } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** AWS-style unique ids: a 4-letter type prefix (AKIA, ASIA, AIDA, AROA, ANPA, AGPA) and 16 base32 chars. */
export function awsId(prefix: string, length = 16): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (const b of bytes) out += BASE32[b & 31];
  return out;
}

/** A 40-character secret access key, base64 alphabet as AWS's. */
export function secretAccessKey(): string {
  return randomBytes(30).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B');
}

/** A 12-digit account id that does not start with 0. */
export function accountId(): string {
  let id = String(randomInt(1, 10));
  for (let i = 0; i < 11; i++) id += String(randomInt(0, 10));
  return id;
}
