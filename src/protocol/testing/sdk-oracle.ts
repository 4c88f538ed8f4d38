/**
 * Test support: real AWS SDK v3 clients as the oracle for our codecs (LocalStack's test_parser approach).
 * `captureRequest` runs a command through a client whose request handler records the signed HTTP request
 * instead of sending it; `replyWith` makes the client decode one of our HttpResponses.
 */
import { Readable } from 'node:stream';
import type { HttpRequest, HttpResponse } from '../http.js';

interface SdkHttpRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

export const sdkConfig = {
  region: 'us-east-1',
  endpoint: 'http://localhost:4599',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  maxAttempts: 1,
};

class Captured extends Error {
  constructor(readonly request: SdkHttpRequest) {
    super('captured');
  }
}

export const captureHandler = {
  handle: async (request: SdkHttpRequest): Promise<never> => {
    throw new Captured(request);
  },
};

interface Sendable {
  send(command: unknown): Promise<unknown>;
}

export async function captureRequest(client: Sendable, command: unknown): Promise<HttpRequest> {
  try {
    await client.send(command);
  } catch (e) {
    if (e instanceof Captured) return toHttpRequest(e.request);
    throw e;
  }
  throw new Error('request was not captured');
}

async function toHttpRequest(r: SdkHttpRequest): Promise<HttpRequest> {
  const query = Object.entries(r.query ?? {})
    .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))
    .map(([k, v]) => (v === null || v === undefined ? encode(k!) : `${encode(k!)}=${encode(v)}`))
    .join('&');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) headers[k.toLowerCase()] = v;
  return { method: r.method, path: r.path, query, headers, body: await bodyBuffer(r.body) };
}

function encode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

async function bodyBuffer(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof Readable) {
    const chunks: Buffer[] = [];
    for await (const c of body) chunks.push(Buffer.from(c));
    return Buffer.concat(chunks);
  }
  throw new Error(`unsupported SDK body ${typeof body}`);
}

/** A request handler that answers every request with `res`. */
export function replyWith(res: HttpResponse) {
  return {
    handle: async () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) headers[k.toLowerCase()] = v;
      const body = Buffer.isBuffer(res.body) ? Readable.from([res.body]) : res.body;
      return { response: { statusCode: res.status, headers, body } };
    },
  };
}

/** Buffers and Uint8Arrays compare as bytes; everything else as is. */
export function normalize(v: unknown): unknown {
  if (v instanceof Uint8Array) return { bytes: Buffer.from(v).toString('base64') };
  if (v instanceof Date || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(normalize);
  return Object.fromEntries(
    Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => [k, normalize(x)]),
  );
}
