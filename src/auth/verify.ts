import type { HttpRequest } from '../protocol/http.js';
import { classifyRequest, hasPresignParams } from './classify.js';
import { canonicalHeaders, canonicalQuery, canonicalRequest, canonicalUri, parseQuery, stringToSign, type QueryPair } from './canonical.js';
import { authError, s3UnsignedHeaders, type AuthFailure } from './errors.js';
import { parseAuthorizationHeader, parsePresignQuery, requestDatetime, parseAmzDate, type Parsed } from './parse.js';
import { payloadFor, verifyBufferedPayload } from './payload.js';
import { resolveAccessKey } from './access-key.js';
import { signHex, signingKey, signaturesEqual } from './signing-key.js';
import type { SigV4Params, VerifiedRequest, VerifyOptions } from './types.js';

export const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;

interface Located {
  params: SigV4Params;
  datetime: string;
  time: Date;
}

/**
 * Verify an AWS Signature Version 4 request (header or presigned query) and resolve its access key.
 * Throws a ServiceError in the caller's protocol for every failure; never returns a partial result.
 */
export async function verifySigV4(req: HttpRequest, opts: VerifyOptions): Promise<VerifiedRequest> {
  const { protocol } = opts;
  const s3 = protocol === 'rest-xml';
  const authType = classifyRequest(req);
  const presigned = authType === 'presigned-query';
  const fail = (failure: AuthFailure): never => {
    throw authError(protocol, failure, presigned);
  };
  if (authType === 'anonymous') return fail({ kind: 'missing-authentication' });
  if (authType === 'unsupported') {
    return fail({ kind: 'unsupported-algorithm', algorithm: req.headers['authorization']!.trim().split(/\s/)[0] ?? '' });
  }
  if (!presigned && hasPresignParams(req.query)) return fail({ kind: 'both-mechanisms' });

  const queryPairs = parseQuery(req.query);
  const { params, datetime, time } = unwrap(presigned ? locatePresigned(queryPairs) : locateHeader(req), fail);
  checkScope(params, datetime, opts, fail);
  checkSignedHeaders(req, params.signedHeaders, s3, fail);
  checkTime(params, datetime, time, opts, fail);

  const accessKey = await resolveAccessKey(opts.credentials, params.accessKeyId, params.securityToken, opts.now, protocol, presigned);
  const payload = payloadFor(req, s3, presigned);
  const scope = `${params.date}/${params.region}/${params.service}/aws4_request`;
  const canonical = canonicalRequest({
    method: req.method.toUpperCase(),
    uri: canonicalUri(req.path, s3),
    query: canonicalQuery(queryPairs),
    headers: canonicalHeaders(req.headers, params.signedHeaders),
    signedHeaders: params.signedHeaders.join(';'),
    payloadHash: payload.hash,
  });
  const toSign = stringToSign(datetime, scope, canonical);
  const key = signingKey(accessKey.secretAccessKey, params.date, params.region, params.service);
  if (!signaturesEqual(signHex(key, toSign), params.signature)) {
    const debug = {
      accessKeyId: params.accessKeyId,
      stringToSign: toSign,
      signatureProvided: params.signature,
      canonicalRequest: canonical,
    };
    return fail({ kind: 'signature-mismatch', debug });
  }
  verifyBufferedPayload(req, payload);
  return {
    accessKey,
    region: params.region,
    service: params.service,
    signature: params.signature,
    signingKey: key,
    datetime,
    scope,
    authType,
    presigned,
    payloadMode: payload.mode,
  };
}

function unwrap<T>(parsed: Parsed<T>, fail: (f: AuthFailure) => never): T {
  return parsed.ok ? parsed.value : fail(parsed.failure);
}

function locateHeader(req: HttpRequest): Parsed<Located> {
  const header = parseAuthorizationHeader(req.headers['authorization']!, req.headers['x-amz-security-token']);
  if (!header.ok) return header;
  const when = requestDatetime(req);
  if (!when.ok) return when;
  return { ok: true, value: { params: header.value, ...when.value } };
}

function locatePresigned(pairs: QueryPair[]): Parsed<Located> {
  const query = parsePresignQuery(pairs);
  if (!query.ok) return query;
  const when = parseAmzDate(query.value.datetime);
  if (!when.ok) return when;
  return { ok: true, value: { params: query.value, ...when.value } };
}

function checkScope(params: SigV4Params, datetime: string, opts: VerifyOptions, fail: (f: AuthFailure) => never): void {
  if (params.date !== datetime.slice(0, 8)) fail({ kind: 'scope-date', scopeDate: params.date, datetime });
  if (opts.region !== undefined && params.region !== opts.region) {
    fail({ kind: 'scope-region', got: params.region, expected: opts.region });
  }
  if (opts.service !== undefined && params.service !== opts.service) {
    fail({ kind: 'scope-service', got: params.service, expected: opts.service });
  }
  if (params.terminator !== 'aws4_request') fail({ kind: 'scope-terminator', got: params.terminator });
}

/** `host` must always be signed; S3 additionally refuses any x-amz-* header left unsigned. */
function checkSignedHeaders(req: HttpRequest, signed: string[], s3: boolean, fail: (f: AuthFailure) => never): void {
  if (!signed.includes('host')) fail({ kind: 'host-not-signed' });
  if (!s3) return;
  const unsigned = Object.keys(req.headers).filter((name) => name.startsWith('x-amz-') && !signed.includes(name));
  if (unsigned.length > 0) throw s3UnsignedHeaders(unsigned.sort());
}

function checkTime(params: SigV4Params, datetime: string, time: Date, opts: VerifyOptions, fail: (f: AuthFailure) => never): void {
  const maxSkewMs = opts.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  const now = opts.now.getTime();
  const requestMs = time.getTime();
  const tooEarly = params.expires === undefined && requestMs < now - maxSkewMs;
  if (tooEarly || requestMs > now + maxSkewMs) {
    fail({ kind: 'clock-skew', datetime, requestTime: time, now: opts.now, maxSkewMs });
  }
  if (params.expires !== undefined && now > requestMs + params.expires * 1000) {
    fail({ kind: 'presign-expired', expires: params.expires, expiresAt: new Date(requestMs + params.expires * 1000), now: opts.now });
  }
}
