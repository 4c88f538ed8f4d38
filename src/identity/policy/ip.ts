/**
 * IPv4/IPv6 parsing and CIDR containment for IpAddress / NotIpAddress. A bare address in a policy
 * means a single host (/32 or /128). Families never match each other, except that an IPv4-mapped
 * IPv6 request address (::ffff:a.b.c.d) is compared as IPv4, as Node reports such peers.
 */

export interface IpAddr {
  v6: boolean;
  value: bigint;
}

export interface Cidr {
  v6: boolean;
  network: bigint;
  mask: bigint;
}

function parseV4(s: string): bigint | undefined {
  const octets = s.split('.');
  if (octets.length !== 4) return undefined;
  let n = 0n;
  for (const o of octets) {
    if (!/^\d{1,3}$/.test(o) || Number(o) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(o));
  }
  return n;
}

function hexGroups(h: string): bigint[] | undefined {
  if (h === '') return [];
  const out: bigint[] = [];
  for (const g of h.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    out.push(BigInt(parseInt(g, 16)));
  }
  return out;
}

function parseV6(s: string): bigint | undefined {
  let text = s;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    // Embedded IPv4 tail (::ffff:192.0.2.1): rewrite it as two hex groups.
    const v4 = parseV4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = hexGroups(halves[0]!);
  const tail = halves.length === 2 ? hexGroups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<bigint>(missing).fill(0n), ...tail];
  return all.reduce((acc, g) => (acc << 16n) | g, 0n);
}

const V4_MAPPED_PREFIX = 0xffffn << 32n;

export function parseIp(text: string): IpAddr | undefined {
  const s = text.trim();
  if (!s.includes(':')) {
    const v4 = parseV4(s);
    return v4 === undefined ? undefined : { v6: false, value: v4 };
  }
  const v6 = parseV6(s.replace(/%.*$/, ''));
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === V4_MAPPED_PREFIX >> 32n) return { v6: false, value: v6 & 0xffffffffn };
  return { v6: true, value: v6 };
}

export function parseCidr(text: string): Cidr | undefined {
  const [addr, bitsText, extra] = text.trim().split('/');
  if (extra !== undefined || addr === undefined) return undefined;
  const v6 = addr.includes(':');
  const parsed = v6 ? parseV6(addr) : parseV4(addr);
  if (parsed === undefined) return undefined;
  const width = v6 ? 128 : 32;
  const bits = bitsText === undefined ? width : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : NaN;
  if (!(bits >= 0 && bits <= width)) return undefined;
  const all = (1n << BigInt(width)) - 1n;
  const mask = all ^ ((1n << BigInt(width - bits)) - 1n);
  return { v6, network: parsed & mask, mask };
}

export function cidrContains(cidr: Cidr, ip: IpAddr): boolean {
  return cidr.v6 === ip.v6 && (ip.value & cidr.mask) === cidr.network;
}
