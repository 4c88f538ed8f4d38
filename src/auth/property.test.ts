import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { verifySigV4 } from './verify.js';
import { ServiceError } from '../errors/service-error.js';
import type { HttpRequest, Protocol } from '../protocol/http.js';
import { signRequest, testStore, NOW, TEMP_KEY, USER_KEY } from './test-support/signer.js';
import { uriEscape } from './canonical.js';

const store = testStore();
const segment = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }).filter((s) => s !== '.' && s !== '..');
const headerName = fc.stringMatching(/^x-[a-z0-9-]{1,12}$/);
const headerValue = fc.stringMatching(/^[!-~]([ -~]{0,20}[!-~])?$/);

const requestArb = fc.record({
  method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD'),
  segments: fc.array(segment, { maxLength: 4 }),
  query: fc.dictionary(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 8 }), {
    maxKeys: 4,
  }),
  headers: fc.dictionary(headerName, headerValue, { maxKeys: 3 }),
  body: fc.uint8Array({ maxLength: 64 }),
  s3: fc.boolean(),
  presign: fc.boolean(),
  temp: fc.boolean(),
});
type Spec = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

async function sign(spec: Spec): Promise<{ req: HttpRequest; protocol: Protocol }> {
  const path = `/${spec.segments.map(uriEscape).join('/')}`;
  const headers: Record<string, string> = spec.s3
    ? { ...spec.headers }
    : Object.fromEntries(Object.entries(spec.headers).map(([k, v]) => [k.replace(/^x-amz/, 'x-az'), v]));
  // @aws-sdk/s3-request-presigner signs presigned URLs with an UNSIGNED-PAYLOAD body hash.
  if (spec.s3 && spec.presign) headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
  const req = await signRequest(
    { method: spec.method, path, query: spec.query, headers, body: Buffer.from(spec.body) },
    {
      service: spec.s3 ? 's3' : 'cloudhsm',
      s3: spec.s3,
      credentials: spec.temp ? TEMP_KEY : USER_KEY,
      ...(spec.presign ? { presign: { expiresIn: 300 } } : {}),
    },
  );
  if (spec.s3 && spec.presign) delete req.headers['x-amz-content-sha256'];
  return { req, protocol: spec.s3 ? 'rest-xml' : 'json' };
}

const verify = (req: HttpRequest, protocol: Protocol) => verifySigV4(req, { now: NOW, credentials: store, protocol });

/** One semantic single-character change to a signed part of the request. */
function tamper(req: HttpRequest, target: number, at: number, s3: boolean): HttpRequest | undefined {
  const bump = (s: string): string => {
    if (s.length === 0) return s;
    const i = at % s.length;
    const c = s.charCodeAt(i);
    const next = c === 0x7a ? 'y' : /[A-Za-z0-9]/.test(s[i]!) ? String.fromCharCode(c + 1 === 0x3a ? 0x30 : c + 1) : 'q';
    return s.slice(0, i) + next + s.slice(i + 1);
  };
  const copy: HttpRequest = { ...req, headers: { ...req.headers }, body: Buffer.from(req.body) };
  switch (target % 5) {
    case 0:
      copy.method = req.method === 'GET' ? 'PUT' : 'GET';
      return copy;
    case 1: {
      const presigned = copy.query.includes('X-Amz-Signature=');
      if (presigned)
        copy.query = copy.query.replace(/X-Amz-Signature=([0-9a-f])/, (_, c: string) => `X-Amz-Signature=${c === 'a' ? 'b' : 'a'}`);
      else
        copy.headers['authorization'] = copy.headers['authorization']!.replace(
          /Signature=([0-9a-f])/,
          (_, c: string) => `Signature=${c === 'a' ? 'b' : 'a'}`,
        );
      return copy;
    }
    case 2: {
      if (copy.body.length === 0 || (s3 && copy.query.includes('X-Amz-Signature='))) return undefined; // presigned S3 leaves the payload unsigned
      copy.body[at % copy.body.length] ^= 0x01;
      return copy;
    }
    case 3: {
      const names = Object.keys(copy.headers).filter((n) => n !== 'authorization' && /[A-Za-z0-9]/.test(copy.headers[n]!));
      const signedList = (
        copy.headers['authorization'] ?? decodeURIComponent(/X-Amz-SignedHeaders=([^&]*)/.exec(copy.query)?.[1] ?? '')
      ).toLowerCase();
      const name = names.filter((n) => signedList.includes(n))[at % Math.max(1, names.length)];
      if (!name) return undefined;
      copy.headers[name] = bump(copy.headers[name]!.replace(/[^A-Za-z0-9]/g, 'a'));
      if (copy.headers[name] === req.headers[name]) return undefined;
      return copy;
    }
    default: {
      const segments = copy.path.split('/');
      const i = 1 + (at % Math.max(1, segments.length - 1));
      if (!segments[i]) return undefined;
      segments[i] = `${segments[i]}x`;
      copy.path = segments.join('/');
      return copy;
    }
  }
}

describe('property: @smithy/signature-v4 is the oracle', () => {
  it('every request it signs verifies', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, async (spec) => {
        const { req, protocol } = await sign(spec);
        const v = await verify(req, protocol);
        expect(v.presigned).toBe(spec.presign);
      }),
      { numRuns: 300 },
    );
  });

  it('no single semantic tamper ever verifies', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, fc.nat(), fc.nat(), async (spec, target, at) => {
        const { req, protocol } = await sign(spec);
        const tampered = tamper(req, target, at, spec.s3);
        fc.pre(tampered !== undefined);
        await expect(verify(tampered!, protocol)).rejects.toThrow(ServiceError);
      }),
      { numRuns: 500 },
    );
  });
});
