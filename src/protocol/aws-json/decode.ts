/** awsJson input decoding: JSON values → typed values per the model; wrong JSON types → SerializationException. */
import type { MemberRef, ServiceModel, Shape } from '../model.js';
import { parseEpochSeconds, parseIso8601 } from '../shared/timestamps.js';
import { jsonErrors } from '../wire-errors.js';
import { setKey } from '../shared/coerce.js';

const JAVA_TYPES: Record<string, string> = {
  string: 'String',
  integer: 'Integer',
  long: 'Long',
  float: 'Float',
  double: 'Double',
  boolean: 'Boolean',
  timestamp: 'Date',
  blob: 'ByteBuffer',
  list: 'List',
  map: 'Map',
  structure: 'Structure',
};

export function decodeStructure(model: ServiceModel, shape: Shape, json: unknown): Record<string, unknown> {
  if (!isObject(json)) throw mismatch(json, 'structure');
  const out: Record<string, unknown> = {};
  const members = shape.members ?? {};
  for (const [name, raw] of Object.entries(json)) {
    const ref = Object.hasOwn(members, name) ? members[name] : undefined;
    // Coral ignores unknown members and treats explicit nulls as absent.
    if (ref && raw !== null) out[name] = decodeValue(model, ref, raw);
  }
  return out;
}

function decodeValue(model: ServiceModel, ref: MemberRef, v: unknown): unknown {
  const shape = model.shapes[ref.shape];
  switch (shape.type) {
    case 'structure':
      return decodeStructure(model, shape, v);
    case 'list':
      if (!Array.isArray(v)) throw mismatch(v, 'list');
      return v.filter((x) => x !== null).map((x) => decodeValue(model, shape.member!, x));
    case 'map': {
      if (!isObject(v)) throw mismatch(v, 'map');
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (x !== null) setKey(out, k, decodeValue(model, shape.value!, x));
      return out;
    }
    case 'string':
      if (typeof v !== 'string') throw mismatch(v, 'string');
      return v;
    case 'boolean':
      if (typeof v !== 'boolean') throw mismatch(v, 'boolean');
      return v;
    case 'integer':
    case 'long':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw mismatch(v, shape.type);
      return v;
    case 'float':
    case 'double':
      if (typeof v !== 'number') throw mismatch(v, shape.type);
      return v;
    case 'timestamp':
      return decodeTimestamp(v);
    case 'blob':
      if (typeof v !== 'string') throw mismatch(v, 'blob');
      return Buffer.from(v, 'base64');
  }
}

function decodeTimestamp(v: unknown): Date {
  const d = typeof v === 'number' ? parseEpochSeconds(v) : typeof v === 'string' ? (parseIso8601(v) ?? parseEpochSeconds(v)) : undefined;
  if (!d) throw mismatch(v, 'timestamp');
  return d;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonToken(v: unknown): string {
  if (Array.isArray(v)) return 'START_ARRAY';
  if (typeof v === 'object' && v !== null) return 'START_OBJECT';
  if (typeof v === 'number') return Number.isInteger(v) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT';
  if (typeof v === 'boolean') return v ? 'VALUE_TRUE' : 'VALUE_FALSE';
  return 'VALUE_STRING';
}

function mismatch(v: unknown, type: string) {
  if (type === 'structure' || type === 'map') {
    return jsonErrors.serialization(`Start of structure or map found where not expected, got ${jsonToken(v)}`);
  }
  if (type === 'list') return jsonErrors.serialization(`Start of list found where not expected, got ${jsonToken(v)}`);
  return jsonErrors.serialization(`${jsonToken(v)} can not be converted to an ${JAVA_TYPES[type]}`);
}
