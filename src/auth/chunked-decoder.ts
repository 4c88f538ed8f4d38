import { createHash, type Hash } from 'node:crypto';
import { sha256Hex } from './canonical.js';
import { signHex, signaturesEqual } from './signing-key.js';
import { algorithmForHeader, createChecksum, isValidChecksumValue, type Checksum, type ChecksumAlgorithm } from './checksums.js';
import {
  s3BadDigest,
  s3ChunkSignatureMismatch,
  s3IncompleteBody,
  s3InvalidChecksumValue,
  s3MalformedChunk,
  s3TrailerMismatch,
} from './errors.js';
import { EMPTY_SHA256 } from './types.js';

export type ChunkedMode = 'streaming-signed' | 'streaming-signed-trailer' | 'streaming-unsigned-trailer';

export interface ChunkSigning {
  signingKey: Buffer;
  /** The request's header signature: chunk signatures chain from it. */
  seedSignature: string;
  datetime: string;
  scope: string;
}

export interface ChunkedOptions {
  mode: ChunkedMode;
  /** x-amz-decoded-content-length; the decoded byte count must equal it when given. */
  decodedContentLength?: number;
  /** x-amz-trailer: the checksum header the trailer will carry. */
  trailer?: string;
  /** Required for the two signed modes. */
  signing?: ChunkSigning;
}

export interface ChunkedResult {
  decodedLength: number;
  /** Trailing headers (lower-case names) other than the trailer signature. */
  trailers: Record<string, string>;
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

const MAX_LINE = 4096;
const CRLF = Buffer.from('\r\n');
const SIZE_LINE = /^([0-9a-fA-F]{1,16})(?:;chunk-signature=([0-9a-f]{64}))?$/;
type State = 'size' | 'data' | 'data-crlf' | 'trailer' | 'final-crlf' | 'done';

/**
 * Push parser for `Content-Encoding: aws-chunked` bodies. Memory stays bounded by one header line:
 * payload bytes are hashed and handed on as they arrive; a bad chunk signature fails the stream at
 * the chunk's end, so consumers must only commit on a clean end().
 */
export class AwsChunkedDecoder {
  private state: State = 'size';
  private line: Buffer = Buffer.alloc(0);
  private remaining = 0;
  private decoded = 0;
  private chunkHash: Hash | undefined;
  private chunkSignature = '';
  private previousSignature: string;
  private readonly signed: boolean;
  private readonly checksum: Checksum | undefined;
  private readonly algorithm: ChecksumAlgorithm | undefined;
  private readonly trailerLines: [string, string][] = [];

  constructor(private readonly opts: ChunkedOptions) {
    this.signed = opts.mode !== 'streaming-unsigned-trailer';
    if (this.signed && !opts.signing) throw new Error('signed aws-chunked decoding needs the signing context');
    this.previousSignature = opts.signing?.seedSignature ?? '';
    if (opts.trailer !== undefined && opts.mode !== 'streaming-signed') {
      this.algorithm = algorithmForHeader(opts.trailer);
      if (!this.algorithm) throw s3TrailerMismatch();
      this.checksum = createChecksum(this.algorithm);
    }
  }

  /** Feed encoded bytes; returns the decoded payload slices they completed. */
  push(data: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let pos = 0;
    while (pos < data.length) {
      if (this.state === 'data') {
        const take = Math.min(this.remaining, data.length - pos);
        const slice = data.subarray(pos, pos + take);
        this.consumePayload(slice);
        out.push(slice);
        pos += take;
        this.remaining -= take;
        if (this.remaining === 0) this.state = 'data-crlf';
        continue;
      }
      const eol = this.readLine(data, pos);
      if (eol < 0) break;
      pos = eol;
      this.onLine(this.takeLine());
    }
    return out;
  }

  /** Call at end of input: checks completeness, length, trailer signature and checksum. */
  end(): ChunkedResult {
    const trailerEndsAtEof = this.state === 'trailer' && this.line.length === 0 && this.trailerLines.length > 0;
    const signedEndsAtEof = this.state === 'final-crlf' && this.line.length === 0;
    if (this.state !== 'done' && !trailerEndsAtEof && !signedEndsAtEof) throw s3IncompleteBody();
    if (this.opts.decodedContentLength !== undefined && this.decoded !== this.opts.decodedContentLength) throw s3IncompleteBody();
    if (this.opts.mode === 'streaming-signed-trailer') this.verifyTrailerSignature();
    return { decodedLength: this.decoded, trailers: Object.fromEntries(this.trailerLines), ...this.verifyChecksum() };
  }

  private consumePayload(slice: Buffer): void {
    this.decoded += slice.length;
    if (this.opts.decodedContentLength !== undefined && this.decoded > this.opts.decodedContentLength) throw s3IncompleteBody();
    this.chunkHash?.update(slice);
    this.checksum?.update(slice);
  }

  /** Append bytes up to and including CRLF to the line buffer; returns the next position or -1. */
  private readLine(data: Buffer, pos: number): number {
    const nl = data.indexOf(0x0a, pos);
    const end = nl < 0 ? data.length : nl + 1;
    this.line = this.line.length === 0 ? data.subarray(pos, end) : Buffer.concat([this.line, data.subarray(pos, end)]);
    if (this.line.length > MAX_LINE) throw s3MalformedChunk('header line too long');
    if (this.line.length === 0 || this.line[this.line.length - 1] !== 0x0a) {
      this.line = Buffer.from(this.line); // detach from the caller's buffer while waiting for more
      return -1;
    }
    return end;
  }

  private takeLine(): string {
    const line = this.line;
    this.line = Buffer.alloc(0);
    if (line.length < 2 || line[line.length - 2] !== CRLF[0]) throw s3MalformedChunk('lines must end with CRLF');
    return line.subarray(0, line.length - 2).toString('latin1');
  }

  private onLine(text: string): void {
    switch (this.state) {
      case 'size':
        return this.onSizeLine(text);
      case 'data-crlf':
        if (text !== '') throw s3MalformedChunk('chunk data longer than its declared size');
        this.finishChunk();
        this.state = 'size';
        return;
      case 'trailer':
        return this.onTrailerLine(text);
      case 'final-crlf':
        if (text !== '') throw s3MalformedChunk('unexpected data after the final chunk');
        this.state = 'done';
        return;
      default:
        if (text !== '') throw s3MalformedChunk('unexpected data after the final chunk');
    }
  }

  private onSizeLine(text: string): void {
    const m = SIZE_LINE.exec(text);
    if (!m || (this.signed ? !m[2] : !!m[2])) throw s3MalformedChunk('invalid chunk header');
    this.remaining = parseInt(m[1]!, 16);
    if (this.signed) {
      this.chunkSignature = m[2]!;
      this.chunkHash = createHash('sha256');
    }
    if (this.remaining > 0) {
      this.state = 'data';
      return;
    }
    this.finishChunk();
    this.state = this.opts.mode === 'streaming-signed' ? 'final-crlf' : 'trailer';
  }

  /** Chunk string to sign: AWS4-HMAC-SHA256-PAYLOAD, date, scope, previous signature, sha256(""), sha256(chunk). */
  private finishChunk(): void {
    if (!this.signed) return;
    const s = this.opts.signing!;
    const toSign = `AWS4-HMAC-SHA256-PAYLOAD\n${s.datetime}\n${s.scope}\n${this.previousSignature}\n${EMPTY_SHA256}\n${this.chunkHash!.digest('hex')}`;
    if (!signaturesEqual(signHex(s.signingKey, toSign), this.chunkSignature)) throw s3ChunkSignatureMismatch();
    this.previousSignature = this.chunkSignature;
  }

  private onTrailerLine(text: string): void {
    if (text === '') {
      this.state = 'done';
      return;
    }
    const colon = text.indexOf(':');
    if (colon <= 0) throw s3MalformedChunk('invalid trailer');
    this.trailerLines.push([text.slice(0, colon).trim().toLowerCase(), text.slice(colon + 1).trim()]);
  }

  /** Trailer string to sign: AWS4-HMAC-SHA256-TRAILER, date, scope, last chunk signature, sha256 of `name:value\n` lines. */
  private verifyTrailerSignature(): void {
    const s = this.opts.signing!;
    const provided = this.trailerLines.find(([name]) => name === 'x-amz-trailer-signature')?.[1];
    const headers = this.trailerLines.filter(([name]) => name !== 'x-amz-trailer-signature');
    this.trailerLines.splice(0, this.trailerLines.length, ...headers);
    if (!provided) throw s3ChunkSignatureMismatch();
    const canonical = headers.map(([name, value]) => `${name}:${value}\n`).join('');
    const toSign = `AWS4-HMAC-SHA256-TRAILER\n${s.datetime}\n${s.scope}\n${this.previousSignature}\n${sha256Hex(canonical)}`;
    if (!signaturesEqual(signHex(s.signingKey, toSign), provided)) throw s3ChunkSignatureMismatch();
  }

  private verifyChecksum(): Pick<ChunkedResult, 'checksum'> {
    const declared = this.opts.trailer?.trim().toLowerCase();
    for (const [name] of this.trailerLines) {
      if (name.startsWith('x-amz-checksum-') && name !== declared) throw s3TrailerMismatch();
    }
    if (!this.algorithm || !this.checksum || declared === undefined) return {};
    const value = this.trailerLines.find(([name]) => name === declared)?.[1];
    if (value === undefined) throw s3IncompleteBody();
    if (!isValidChecksumValue(this.algorithm, value)) throw s3InvalidChecksumValue(declared);
    if (this.checksum.digest().toString('base64') !== value) throw s3BadDigest(this.algorithm);
    return { checksum: { algorithm: this.algorithm, value } };
  }
}
