/** Builds aws-chunked bodies from the S3 streaming spec, for the cases no SDK here produces. */
import { createHash } from 'node:crypto';
import { signHex } from '../signing-key.js';
import { EMPTY_SHA256 } from '../types.js';
import type { ChunkSigning } from '../chunked-decoder.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export function encodeSignedChunks(chunks: Buffer[], s: ChunkSigning, trailer?: [string, string]): Buffer {
  const parts: Buffer[] = [];
  let previous = s.seedSignature;
  for (const chunk of [...chunks, Buffer.alloc(0)]) {
    const toSign = `AWS4-HMAC-SHA256-PAYLOAD\n${s.datetime}\n${s.scope}\n${previous}\n${EMPTY_SHA256}\n${sha(chunk)}`;
    previous = signHex(s.signingKey, toSign);
    parts.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${previous}\r\n`), chunk, Buffer.from(chunk.length ? '\r\n' : ''));
  }
  if (!trailer) {
    parts.push(Buffer.from('\r\n'));
    return Buffer.concat(parts);
  }
  const line = `${trailer[0]}:${trailer[1]}`;
  const trailerSig = signHex(s.signingKey, `AWS4-HMAC-SHA256-TRAILER\n${s.datetime}\n${s.scope}\n${previous}\n${sha(`${line}\n`)}`);
  parts.push(Buffer.from(`${line}\r\nx-amz-trailer-signature:${trailerSig}\r\n\r\n`));
  return Buffer.concat(parts);
}

export function encodeUnsignedChunks(chunks: Buffer[], trailer: [string, string]): Buffer {
  const parts = chunks.flatMap((c) => [Buffer.from(`${c.length.toString(16)}\r\n`), c, Buffer.from('\r\n')]);
  parts.push(Buffer.from(`0\r\n${trailer[0]}:${trailer[1]}\r\n\r\n`));
  return Buffer.concat(parts);
}
