/** Builds a REST operation's input from URI labels, query string, headers and the payload. */
import type { HttpRequest } from '../http.js';
import type { MemberRef, ServiceModel, Shape } from '../model.js';
import { setKey } from '../shared/coerce.js';
import { strictUtf8 } from '../shared/errors.js';
import { parseAnyTimestamp, parseEpochSeconds, parseHttpDate } from '../shared/timestamps.js';
import { s3Errors } from '../wire-errors.js';
import { readXmlPayload } from './xml-read.js';

export function buildInput(
  model: ServiceModel,
  shape: Shape,
  req: HttpRequest,
  labels: Record<string, string>,
  query: URLSearchParams,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const v = readMember(model, ref, name, req, labels, query);
    if (v !== undefined) input[name] = v;
  }
  if (shape.payload) {
    const payload = readPayload(model, shape.members![shape.payload], req);
    if (payload !== undefined) input[shape.payload] = payload;
  }
  return input;
}

function readMember(
  model: ServiceModel,
  ref: MemberRef,
  name: string,
  req: HttpRequest,
  labels: Record<string, string>,
  query: URLSearchParams,
): unknown {
  const shape = model.shapes[ref.shape];
  const wireName = ref.locationName ?? name;
  switch (ref.location) {
    case 'uri': {
      const raw = labels[wireName];
      return raw === undefined ? undefined : decodeLabel(raw);
    }
    case 'querystring':
      return readQuery(model, shape, wireName, query);
    case 'header': {
      const raw = req.headers[wireName.toLowerCase()];
      if (raw === undefined) return undefined;
      if (shape.type === 'list') return raw.split(',').map((s) => s.trim());
      return parseText(shape, ref, wireName, raw, 'header');
    }
    case 'headers':
      return readPrefixHeaders(wireName.toLowerCase(), req.headers);
    default:
      return undefined;
  }
}

function readQuery(model: ServiceModel, shape: Shape, key: string, query: URLSearchParams): unknown {
  if (shape.type === 'map') {
    // A querystring map takes every parameter no other member claims; S3 models none we route, so keep all.
    return Object.fromEntries(query);
  }
  if (!query.has(key)) return undefined;
  if (shape.type === 'list') return query.getAll(key);
  return parseText(shape, { shape: '' }, key, query.get(key)!, 'querystring');
}

function readPrefixHeaders(prefix: string, headers: Record<string, string>): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const [k, v] of Object.entries(headers)) {
    if (k.startsWith(prefix) && k.length > prefix.length) setKey((out ??= {}), k.slice(prefix.length), v);
  }
  return out;
}

function decodeLabel(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw s3Errors.invalidUri();
  }
}

function parseText(shape: Shape, ref: MemberRef, name: string, raw: string, where: 'header' | 'querystring'): unknown {
  const bad = (what: string) => s3Errors.invalidArgument(name, raw, `Invalid ${where} ${name}: expected ${what}`);
  switch (shape.type) {
    case 'integer':
    case 'long':
      if (!/^-?\d{1,16}$/.test(raw.trim())) throw bad('an integer');
      return Number(raw);
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw bad('true or false');
      return raw === 'true';
    case 'timestamp': {
      const fmt = ref.timestampFormat ?? shape.timestampFormat;
      const d =
        fmt === 'unixTimestamp'
          ? parseEpochSeconds(raw)
          : where === 'header'
            ? (parseHttpDate(raw) ?? parseAnyTimestamp(raw))
            : parseAnyTimestamp(raw);
      if (!d) throw bad('a date');
      return d;
    }
    case 'blob':
      return Buffer.from(raw, 'base64');
    default:
      return raw;
  }
}

/** Blob payloads go to the handler untouched (the stream when the edge streamed it); structures are XML. */
function readPayload(model: ServiceModel, ref: MemberRef, req: HttpRequest): unknown {
  const shape = model.shapes[ref.shape];
  if (shape.type === 'blob') return req.stream ?? req.body;
  if (req.body.length === 0) return undefined;
  const text = strictUtf8(req.body);
  if (text === undefined) throw s3Errors.malformedXml();
  if (shape.type === 'string') return text;
  return readXmlPayload(model, ref, text);
}
