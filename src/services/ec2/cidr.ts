/** IPv4 CIDR arithmetic for the emulated VPC network (addresses as unsigned 32-bit numbers). */

export interface Cidr {
  /** Network address. */
  base: number;
  prefix: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses a dotted quad; undefined when it is not a valid IPv4 address. */
export function parseIp(text: string): number | undefined {
  const m = IPV4.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
}

export function formatIp(ip: number): string {
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.');
}

const mask = (prefix: number): number => (prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0);

/** Parses `a.b.c.d/n` with the host bits zero, as EC2 requires; undefined otherwise. */
export function parseCidr(text: string): Cidr | undefined {
  const [ip, bits, ...rest] = text.split('/');
  if (rest.length > 0 || bits === undefined || !/^\d{1,2}$/.test(bits)) return undefined;
  const base = parseIp(ip!);
  const prefix = Number(bits);
  if (base === undefined || prefix > 32 || (base & ~mask(prefix)) >>> 0 !== 0) return undefined;
  return { base, prefix };
}

export const formatCidr = (c: Cidr): string => `${formatIp(c.base)}/${c.prefix}`;

export const size = (c: Cidr): number => 2 ** (32 - c.prefix);

export const last = (c: Cidr): number => c.base + size(c) - 1;

export const containsIp = (c: Cidr, ip: number): boolean => ip >= c.base && ip <= last(c);

export const containsCidr = (outer: Cidr, inner: Cidr): boolean => inner.prefix >= outer.prefix && containsIp(outer, inner.base);

export const overlaps = (a: Cidr, b: Cidr): boolean => a.base <= last(b) && b.base <= last(a);

/** AWS reserves the first four addresses and the last one of every subnet. */
export const isReserved = (c: Cidr, ip: number): boolean => ip < c.base + 4 || ip === last(c);

/** Addresses an ENI may take in the subnet. */
export const usableCount = (c: Cidr): number => Math.max(0, size(c) - 5);
