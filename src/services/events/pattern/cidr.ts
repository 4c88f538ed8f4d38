/** `cidr` matching on IP addresses, IPv4 and IPv6 (EventBridge User Guide, "IP address matching"). */
import { isIPv4, isIPv6 } from 'node:net';

export interface Cidr {
  bytes: Uint8Array;
  bits: number;
}

/** Parses `a.b.c.d/n` or `x:y::z/n`; undefined when it is not a CIDR block. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addr = text.slice(0, slash);
  const n = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(n)) return undefined;
  const bytes = ipBytes(addr);
  const bits = Number(n);
  if (!bytes || bits > bytes.length * 8) return undefined;
  return { bytes, bits };
}

/** The address's bytes (4 or 16), or undefined when `text` is not an IP address. */
export function ipBytes(text: string): Uint8Array | undefined {
  if (isIPv4(text)) return Uint8Array.from(text.split('.').map(Number));
  if (!isIPv6(text)) return undefined;
  let s = text;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const b = v4[1]!.split('.').map(Number);
    s = s.slice(0, -v4[1]!.length) + `${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = parseInt(g, 16);
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  });
  return out;
}

export function inCidr(c: Cidr, value: string): boolean {
  const b = ipBytes(value);
  if (!b || b.length !== c.bytes.length) return false;
  let bits = c.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((b[i]! & mask) !== (c.bytes[i]! & mask)) return false;
  }
  return true;
}
