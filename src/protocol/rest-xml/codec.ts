/** rest-xml (S3): routes by method + URI pattern, reads labels/query/headers/payload, writes S3-shaped XML. */
import { createHash } from 'node:crypto';
import type { ServiceError } from '../../errors/service-error.js';
import type { Codec, ParsedRequest, ParseOptions, ResponseMeta } from '../codec.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import type { ServiceModel } from '../model.js';
import { escapeXml } from '../shared/xml-write.js';
import { validateInput, type Problem } from '../validate.js';
import { s3Errors } from '../wire-errors.js';
import { buildInput } from './request.js';
import { assertRequestChecksum } from './request-checksum.js';
import { renderOutput, XML_DECLARATION } from './response.js';
import { compileRoutes, matchRoute, type Route } from './router.js';

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const BODYLESS = new Set(['HeadObject', 'HeadBucket']);

export class RestXmlCodec implements Codec {
  private readonly routes: Map<string, Route[]>;
  private readonly ns: string;

  constructor(readonly model: ServiceModel) {
    this.routes = compileRoutes(model);
    this.ns = model.metadata.xmlNamespace ?? S3_NS;
  }

  parse(req: HttpRequest, opts: ParseOptions = {}): ParsedRequest {
    const query = new URLSearchParams(req.query);
    const match = matchRoute(this.routes.get(req.method) ?? [], pathParts(req.path, opts.virtualHostBucket), query, req.headers);
    if (!match) throw s3Errors.methodNotAllowed(req.method);
    const op = match.route.op;
    if (op.requestChecksumRequired) assertRequestChecksum(req);
    if (!op.input) return { operation: op.name, input: {} };
    const input = buildInput(this.model, this.model.shapes[op.input], req, match.labels, query);
    const problems = validateInput(this.model, op.input, input);
    if (problems.length) throw toInvalidArgument(problems[0], input);
    return { operation: op.name, input };
  }

  serialize(operation: string, output: unknown, meta: ResponseMeta): HttpResponse {
    const op = this.model.operations[operation];
    const headers = requestIdHeaders(meta.requestId);
    if (!op?.output) return { status: op?.http.responseCode ?? 200, headers: { ...headers, 'Content-Length': '0' }, body: Buffer.alloc(0) };
    const rendered = renderOutput(this.model, op.output, output, this.ns);
    Object.assign(headers, rendered.headers);
    if (rendered.isXml) headers['Content-Type'] = 'application/xml';
    if (Buffer.isBuffer(rendered.body) && !hasHeader(headers, 'content-length')) headers['Content-Length'] = String(rendered.body.length);
    return { status: rendered.status ?? op.http.responseCode ?? 200, headers, body: rendered.body };
  }

  serializeError(err: ServiceError, meta: ResponseMeta & { operation?: string }): HttpResponse {
    const headers = { ...requestIdHeaders(meta.requestId), ...err.headers };
    if (meta.operation && BODYLESS.has(meta.operation)) return { status: err.status, headers, body: Buffer.alloc(0) };
    const fields = Object.entries(err.fields)
      .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
      .join('');
    const xml =
      `${XML_DECLARATION}<Error><Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message>${fields}` +
      `<RequestId>${escapeXml(meta.requestId)}</RequestId><HostId>${escapeXml(hostId(meta.requestId))}</HostId></Error>`;
    const body = Buffer.from(xml);
    return { status: err.status, headers: { ...headers, 'Content-Type': 'application/xml', 'Content-Length': String(body.length) }, body };
  }
}

/** Path segments, still percent-encoded; a virtual-hosted bucket becomes the first segment. */
function pathParts(path: string, bucket: string | undefined): string[] {
  const trimmed = path.startsWith('/') ? path.slice(1) : path;
  const parts = trimmed === '' ? [] : trimmed.split('/');
  return bucket ? [encodeURIComponent(bucket), ...parts] : parts;
}

function toInvalidArgument(p: Problem, input: Record<string, unknown>): ServiceError {
  const member = p.path.split('.')[0];
  const value = Object.entries(input).find(([k]) => k.toLowerCase() === member.toLowerCase())?.[1];
  return s3Errors.invalidArgument(member, typeof value === 'string' ? value : '', p.message);
}

function requestIdHeaders(requestId: string): Record<string, string> {
  return { 'x-amz-request-id': requestId, 'x-amz-id-2': hostId(requestId) };
}

/** S3's opaque extended request id; derived from the request id so both name the same request. */
export function hostId(requestId: string): string {
  return createHash('sha256').update(requestId).digest('base64');
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}
