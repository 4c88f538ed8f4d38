import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { ChecksumAlgorithm, Checksums } from './types.js';

/** Incremental digest that yields S3's base64 checksum value. */
interface Digest {
  update(chunk: Uint8Array): void;
  base64(): string;
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32C (Castagnoli), which Node does not ship; table-driven, a byte at a time. */
export function crc32c(chunk: Uint8Array, previous = 0): number {
  let c = ~previous >>> 0;
  for (let i = 0; i < chunk.length; i++) c = CRC32C_TABLE[(c ^ chunk[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

const uint32Base64 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b.toString('base64');
};

function crcDigest(fn: (chunk: Uint8Array, previous: number) => number): Digest {
  let value = 0;
  return { update: (chunk) => (value = fn(chunk, value)), base64: () => uint32Base64(value) };
}

function hashDigest(hash: Hash): Digest {
  return { update: (chunk) => hash.update(chunk), base64: () => hash.digest('base64') };
}

function makeDigest(algorithm: ChecksumAlgorithm): Digest {
  switch (algorithm) {
    case 'CRC32':
      return crcDigest(crc32);
    case 'CRC32C':
      return crcDigest(crc32c);
    case 'SHA1':
      return hashDigest(createHash('sha1'));
    case 'SHA256':
      return hashDigest(createHash('sha256'));
  }
}

/** MD5 (for the ETag) plus any requested S3 checksums, fed chunk by chunk as bytes stream past. */
export class BodyHasher {
  private readonly md5 = createHash('md5');
  private readonly digests: Array<[ChecksumAlgorithm, Digest]>;

  constructor(algorithms: Iterable<ChecksumAlgorithm>) {
    this.digests = [...new Set(algorithms)].map((a) => [a, makeDigest(a)]);
  }

  update(chunk: Uint8Array): void {
    this.md5.update(chunk);
    for (const [, d] of this.digests) d.update(chunk);
  }

  finish(): { md5: Buffer; checksums: Checksums } {
    const checksums: Checksums = {};
    for (const [a, d] of this.digests) checksums[a] = d.base64();
    return { md5: this.md5.digest(), checksums };
  }
}
