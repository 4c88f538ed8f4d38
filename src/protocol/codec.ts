/** The protocol-neutral face of the wire layer: one Codec per service model, chosen by its metadata.protocol. */
import type { ServiceError } from '../errors/service-error.js';
import { JsonCodec } from './aws-json/codec.js';
import { QueryCodec } from './aws-query/codec.js';
import { Ec2Codec } from './ec2/codec.js';
import type { HttpRequest, HttpResponse } from './http.js';
import type { ServiceModel } from './model.js';
import { RestXmlCodec } from './rest-xml/codec.js';

export interface ParsedRequest {
  operation: string;
  input: Record<string, unknown>;
}

export interface ParseOptions {
  /** S3 virtual-hosted addressing: the bucket came from the Host header, so the whole path is the key. */
  virtualHostBucket?: string;
}

export interface ResponseMeta {
  requestId: string;
}

export interface Codec {
  readonly model: ServiceModel;
  /** Decodes and validates; throws ServiceError (always 4xx) on bad input. */
  parse(req: HttpRequest, opts?: ParseOptions): ParsedRequest;
  serialize(operation: string, output: unknown, meta: ResponseMeta): HttpResponse;
  serializeError(err: ServiceError, meta: ResponseMeta & { operation?: string }): HttpResponse;
}

const codecs = new WeakMap<ServiceModel, Codec>();

/** Codecs precompute their lookup tables, so they are built once per model and shared. */
export function codecFor(model: ServiceModel): Codec {
  let codec = codecs.get(model);
  if (!codec) {
    codec = build(model);
    codecs.set(model, codec);
  }
  return codec;
}

function build(model: ServiceModel): Codec {
  switch (model.metadata.protocol) {
    case 'json':
      return new JsonCodec(model);
    case 'query':
      return new QueryCodec(model);
    case 'ec2':
      return new Ec2Codec(model);
    case 'rest-xml':
      return new RestXmlCodec(model);
  }
}
