import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const LEN = 32;

const format = (salt: Buffer, hash: Buffer) => `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;

function parse(stored: string): { salt: Buffer; expected: Buffer; opts: ScryptOptions } | undefined {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return undefined;
  return { salt: Buffer.from(salt, 'base64'), expected: Buffer.from(hash, 'base64'), opts: { N: Number(n), r: Number(r), p: Number(p) } };
}

const scryptAsync = (password: string, salt: Buffer, len: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scrypt(password, salt, len, opts, (err, key) => (err ? reject(err) : resolve(key))));

/** Console passwords are kept only as scrypt hashes: `scrypt$N$r$p$salt$hash` (base64). */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return format(salt, scryptSync(password, salt, LEN, { N, r: R, p: P }));
}

export function verifyPassword(password: string, stored: string): boolean {
  const h = parse(stored);
  return !!h && timingSafeEqual(scryptSync(password, h.salt, h.expected.length, h.opts), h.expected);
}

/** hashPassword on libuv's thread pool, for work done outside the write transaction. */
export async function hashPasswordAsync(password: string): Promise<string> {
  const salt = randomBytes(16);
  return format(salt, await scryptAsync(password, salt, LEN, { N, r: R, p: P }));
}

/** verifyPassword on libuv's thread pool. */
export async function verifyPasswordAsync(password: string, stored: string): Promise<boolean> {
  const h = parse(stored);
  return !!h && timingSafeEqual(await scryptAsync(password, h.salt, h.expected.length, h.opts), h.expected);
}
