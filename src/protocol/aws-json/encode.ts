/** awsJson output encoding: typed values → JSON per the model (timestamps as epoch seconds, blobs base64). */
import type { MemberRef, ServiceModel, Shape } from '../model.js';
import { toEpochSeconds } from '../shared/timestamps.js';
import { asDate, asBuffer } from '../shared/coerce.js';

export function encodeStructure(model: ServiceModel, shape: Shape, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof value !== 'object' || value === null) return out;
  const obj = value as Record<string, unknown>;
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const v = obj[name];
    if (v !== undefined && v !== null) out[name] = encodeValue(model, ref, v);
  }
  return out;
}

function encodeValue(model: ServiceModel, ref: MemberRef, v: unknown): unknown {
  const shape = model.shapes[ref.shape];
  switch (shape.type) {
    case 'structure':
      return encodeStructure(model, shape, v);
    case 'list':
      return (v as unknown[]).map((x) => encodeValue(model, shape.member!, x));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x !== undefined && x !== null) out[k] = encodeValue(model, shape.value!, x);
      }
      return out;
    }
    case 'timestamp':
      return toEpochSeconds(asDate(v));
    case 'blob':
      return asBuffer(v).toString('base64');
    default:
      return v;
  }
}
