import type { CallRecord } from '../audit/record/call-record.js';
import type { CallWire } from '../services/service.js';
import type { RequestContext } from './context.js';
import { formAction } from '../protocol/route-service.js';

/** The plain record of a finished call the recorder consumes: what the pipeline learned, minus HTTP. */
export function callRecordOf(ctx: RequestContext): CallRecord {
  const wireOperation = ctx.operation ? undefined : wireOperationOf(ctx);
  const scopeService = ctx.service ? undefined : scopeServiceOf(ctx);
  return {
    requestId: ctx.requestId,
    sourceIp: ctx.sourceIp,
    userAgent: ctx.userAgent,
    ...(ctx.tls ? { tls: ctx.tls } : {}),
    ...(ctx.service ? { service: ctx.service } : {}),
    ...(wireOperation ? { wireOperation } : {}),
    ...(scopeService ? { scopeService } : {}),
    ...(ctx.region !== undefined ? { region: ctx.region } : {}),
    ...(ctx.principal ? { principal: ctx.principal } : {}),
    ...(ctx.claimedAccessKeyId ? { claimedAccessKeyId: ctx.claimedAccessKeyId } : {}),
    ...(ctx.claimedAccountId ? { claimedAccountId: ctx.claimedAccountId } : {}),
    ...(ctx.operation ? { operation: ctx.operation } : {}),
    ...(ctx.input ? { input: ctx.input } : {}),
    ...(ctx.output !== undefined ? { output: ctx.output } : {}),
    ...(ctx.error ? { error: { code: ctx.error.code, message: ctx.error.message } } : {}),
    wire: callWireOf(ctx),
    internal: ctx.internal || Boolean(ctx.principal?.internal),
  };
}

/**
 * What the wire named before parsing failed — the `X-Amz-Target` suffix (JSON protocols) or the
 * `Action` parameter (query protocols) — so that rejected calls are still findable by that name.
 */
function wireOperationOf(ctx: RequestContext): string | undefined {
  const target = ctx.req.headers['x-amz-target'];
  if (target) return target.slice(target.lastIndexOf('.') + 1);
  return formAction(ctx.req);
}

/** The signing name of the credential scope. */
function scopeServiceOf(ctx: RequestContext): string | undefined {
  return /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(ctx.req.headers.authorization ?? '')?.[1];
}

/** The HTTP facts of a finished call that some records carry (S3's Host and additionalEventData). */
export function callWireOf(ctx: RequestContext): CallWire {
  const headers = ctx.req.headers;
  // Every call is built a CallWire; only presigned requests need their query string parsed.
  const query = ctx.req.query.includes('X-Amz-Signature=') ? new URLSearchParams(ctx.req.query) : undefined;
  const presigned = query?.has('X-Amz-Signature') ?? false;
  const sigV4 = query ? query.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256' : (headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256');
  const extendedRequestId = headerOf(ctx.response?.headers, 'x-amz-id-2');
  return {
    ...(headers.host !== undefined ? { host: headers.host } : {}),
    ...(sigV4 ? { signatureVersion: 'SigV4' as const } : {}),
    ...(presigned || headers.authorization ? { authenticationMethod: presigned ? ('QueryString' as const) : ('AuthHeader' as const) } : {}),
    ...(ctx.tls ? { cipherSuite: ctx.tls.cipherSuite } : {}),
    bytesTransferredIn: bytesIn(ctx),
    bytesTransferredOut: bytesOut(ctx),
    ...(extendedRequestId ? { extendedRequestId } : {}),
  };
}

/** The payload's size: aws-chunked bodies declare their decoded length; streamed bodies are not buffered. */
function bytesIn(ctx: RequestContext): number {
  const declared = ctx.req.headers['x-amz-decoded-content-length'] ?? ctx.req.headers['content-length'];
  const n = declared === undefined ? NaN : Number(declared);
  return Number.isSafeInteger(n) && n >= 0 ? n : ctx.req.body.length;
}

/** A HEAD answer sends no body whatever its Content-Length says; a streamed body declares its length. */
function bytesOut(ctx: RequestContext): number {
  const res = ctx.response;
  if (!res || ctx.req.method === 'HEAD') return 0;
  if (Buffer.isBuffer(res.body)) return res.body.length;
  const n = Number(headerOf(res.headers, 'content-length'));
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

function headerOf(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}
