import { constants, crc32, inflateRawSync } from 'node:zlib';

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;

/**
 * Inflates only the FIRST gzip member and ignores anything after it, as Python's zlib (gzip mode)
 * does in the reference verifier. Node's gunzip would concatenate every member and hash differently.
 * `partial` mirrors zlib.decompressobj (used for log files): a truncated stream yields what inflated
 * so far instead of failing; without it (digests) truncation is an error.
 */
export function gunzipFirstMember(gzipped: Buffer, opts: { partial?: boolean } = {}): Buffer {
  const start = gzipHeaderLength(gzipped);
  const deflated = gzipped.subarray(start);
  const finishFlush = opts.partial ? constants.Z_SYNC_FLUSH : constants.Z_FINISH;
  const { buffer, engine } = inflateRawSync(deflated, { finishFlush, info: true }) as unknown as {
    buffer: Buffer;
    engine: { bytesWritten: number };
  };
  const trailer = deflated.subarray(engine.bytesWritten, engine.bytesWritten + 8);
  if (trailer.length < 8) {
    if (opts.partial) return buffer;
    throw new Error('incomplete or truncated stream');
  }
  if (trailer.readUInt32LE(0) !== crc32(buffer) || trailer.readUInt32LE(4) !== buffer.length >>> 0) {
    throw new Error('incorrect data check');
  }
  return buffer;
}

function gzipHeaderLength(b: Buffer): number {
  if (b.length < 10 || b[0] !== 0x1f || b[1] !== 0x8b) throw new Error('incorrect header check');
  if (b[2] !== 8) throw new Error('unknown compression method');
  const flags = b[3]!;
  if (flags & 0xe0) throw new Error('unknown header flags set');
  let at = 10;
  if (flags & FEXTRA) at += 2 + b.readUInt16LE(at);
  if (flags & FNAME) at = b.indexOf(0, at) + 1;
  if (flags & FCOMMENT) at = b.indexOf(0, at) + 1;
  if (flags & FHCRC) at += 2;
  if (at <= 0 || at > b.length) throw new Error('incomplete or truncated stream');
  return at;
}
