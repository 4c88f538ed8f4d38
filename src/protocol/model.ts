/**
 * The compact service model the codecs and validator read. It is the botocore/aws-sdk JSON model with
 * documentation stripped and operation input/output flattened to shape names; codegen/generate.ts writes
 * one per service into src/protocol/generated/.
 */
import type { Protocol } from './http.js';

export interface ServiceMetadata {
  protocol: Protocol;
  apiVersion: string;
  serviceId: string;
  endpointPrefix: string;
  signingName: string;
  targetPrefix?: string;
  jsonVersion?: string;
  xmlNamespace?: string;
  /** JSON errors also carry the legacy query code in `x-amzn-query-error` (botocore's awsQueryCompatible). */
  awsQueryCompatible?: boolean;
}

export interface OperationModel {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: string;
  output?: string;
  /** The query protocol's <XResult> element name. */
  resultWrapper?: string;
  errors: string[];
  /** The request body must carry Content-MD5 or an x-amz-checksum-* header (botocore's httpChecksum). */
  requestChecksumRequired?: boolean;
}

/** A reference from a structure member (or list member / map key / value) to a named shape. */
export interface MemberRef {
  shape: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  locationName?: string;
  queryName?: string;
  flattened?: boolean;
  xmlNamespace?: { prefix?: string; uri: string };
  xmlAttribute?: boolean;
  streaming?: boolean;
  timestampFormat?: TimestampFormat;
  jsonvalue?: boolean;
}

export type TimestampFormat = 'iso8601' | 'rfc822' | 'unixTimestamp';

export type ShapeType =
  'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'float' | 'double' | 'boolean' | 'timestamp' | 'blob';

export interface Shape {
  type: ShapeType;
  members?: Record<string, MemberRef>;
  required?: string[];
  /** Name of the member that is the HTTP payload (rest protocols). */
  payload?: string;
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  flattened?: boolean;
  locationName?: string;
  xmlNamespace?: { prefix?: string; uri: string };
  streaming?: boolean;
  sensitive?: boolean;
  timestampFormat?: TimestampFormat;
  exception?: boolean;
  /** The query protocol's awsQueryError overrides. */
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
}

export interface ServiceModel {
  metadata: ServiceMetadata;
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
}

/** Look up a shape, failing loudly: a dangling reference is a codegen bug, never user input. */
export function shapeOf(model: ServiceModel, name: string): Shape {
  const shape = model.shapes[name];
  if (!shape) throw new Error(`${model.metadata.serviceId}: unknown shape ${name}`);
  return shape;
}
