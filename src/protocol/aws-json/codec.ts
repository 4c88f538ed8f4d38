/** awsJson1_1 (CloudHSM v2, CloudTrail): POST / with X-Amz-Target `Prefix.Operation` and a JSON body. */
import type { ServiceError } from '../../errors/service-error.js';
import type { Codec, ParsedRequest, ResponseMeta } from '../codec.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import { Readable } from 'node:stream';
import type { OperationModel, ServiceModel, Shape } from '../model.js';
import { findModelledError, messageMember, strictUtf8, wireCode } from '../shared/errors.js';
import { validateInput } from '../validate.js';
import { jsonErrors } from '../wire-errors.js';
import { jsonNestingExceeds, MAX_NESTING_DEPTH } from '../shared/nesting.js';
import { decodeStructure } from './decode.js';
import { encodeStructure } from './encode.js';

/** An output whose payload member is a streaming blob is sent as that stream, unbuffered (as REST protocols do). */
function streamingPayload(model: ServiceModel, shape: Shape, output: unknown): Readable | undefined {
  const ref = shape.payload ? shape.members?.[shape.payload] : undefined;
  if (!ref || !(ref.streaming || model.shapes[ref.shape]?.streaming)) return undefined;
  const value = (output as Record<string, unknown> | undefined)?.[shape.payload!];
  return value instanceof Readable ? value : undefined;
}

/**
 * AWS's common errors under their legacy query codes, for awsQueryCompatible services: SQS's JSON answers to a
 * denied call read `(AccessDenied) ... is not authorized to perform: sqs:...` in the CLI, as its query API did (403).
 */
const LEGACY_COMMON_CODES: Record<string, { code: string; status: number }> = {
  AccessDeniedException: { code: 'AccessDenied', status: 403 },
};

export class JsonCodec implements Codec {
  private readonly byTarget = new Map<string, OperationModel>();
  private readonly contentType: string;

  constructor(readonly model: ServiceModel) {
    // Newer Smithy-based SDKs send only the service shape's name (`CloudTrail_20131101.LookupEvents`); AWS takes both.
    const prefix = model.metadata.targetPrefix ?? '';
    const prefixes = new Set([prefix, prefix.slice(prefix.lastIndexOf('.') + 1)]);
    for (const op of Object.values(model.operations)) for (const p of prefixes) this.byTarget.set(`${p}.${op.name}`, op);
    this.contentType = `application/x-amz-json-${model.metadata.jsonVersion ?? '1.1'}`;
  }

  parse(req: HttpRequest): ParsedRequest {
    const op = this.byTarget.get(req.headers['x-amz-target'] ?? '');
    if (!op) throw jsonErrors.unknownOperation();
    const json = this.parseBody(req.body);
    if (!op.input) return { operation: op.name, input: {} };
    const input = decodeStructure(this.model, this.model.shapes[op.input], json);
    const problems = validateInput(this.model, op.input, input);
    if (problems.length) throw jsonErrors.validation(problems);
    return { operation: op.name, input };
  }

  serialize(operation: string, output: unknown, meta: ResponseMeta): HttpResponse {
    const op = this.model.operations[operation];
    const shape = op?.output ? this.model.shapes[op.output] : undefined;
    const stream = shape && streamingPayload(this.model, shape, output);
    if (stream)
      return { status: 200, headers: { 'Content-Type': 'application/octet-stream', 'x-amzn-RequestId': meta.requestId }, body: stream };
    const body = shape ? encodeStructure(this.model, shape, output) : {};
    return this.respond(200, body, meta.requestId, {});
  }

  serializeError(err: ServiceError, meta: ResponseMeta & { operation?: string }): HttpResponse {
    const found = findModelledError(this.model, err.code);
    const body: Record<string, unknown> = { __type: err.code, [messageMember(found)]: err.message, ...err.fields };
    if (!this.model.metadata.awsQueryCompatible) {
      return this.respond(err.status, body, meta.requestId, { 'x-amzn-ErrorType': err.code, ...err.headers });
    }
    // awsQueryCompatible (SQS): the legacy query code and fault travel in `x-amzn-query-error: Code;Fault`, which
    // botocore and SDK v3 read as the error's Code; the modelled status is the query error's.
    const wire = LEGACY_COMMON_CODES[err.code] ?? wireCode(this.model, err.code, err.status);
    const compat = { 'x-amzn-query-error': `${wire.code};${err.fault}` };
    return this.respond(wire.status, body, meta.requestId, { 'x-amzn-ErrorType': err.code, ...compat, ...err.headers });
  }

  private parseBody(body: Buffer): unknown {
    if (body.length === 0) return {};
    const text = strictUtf8(body);
    if (text === undefined) throw jsonErrors.serialization('Invalid UTF-8 in request body');
    if (jsonNestingExceeds(text)) throw jsonErrors.serialization(`JSON nesting depth exceeds the maximum of ${MAX_NESTING_DEPTH}`);
    try {
      return JSON.parse(text);
    } catch {
      throw jsonErrors.serialization('Malformed JSON in request body');
    }
  }

  private respond(status: number, body: unknown, requestId: string, extra: Record<string, string>): HttpResponse {
    const buf = Buffer.from(JSON.stringify(body));
    return {
      status,
      headers: {
        'Content-Type': this.contentType,
        'Content-Length': String(buf.length),
        'x-amzn-RequestId': requestId,
        ...extra,
      },
      body: buf,
    };
  }
}
