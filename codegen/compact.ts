/** Turns a full AWS JSON model into the compact ServiceModel: documentation stripped, closure of the chosen operations. */
import type { MemberRef, OperationModel, ServiceModel, Shape } from '../src/protocol/model.js';
import type { ServiceSpec } from './services.js';

const SHAPE_KEYS = [
  'type',
  'required',
  'payload',
  'enum',
  'min',
  'max',
  'pattern',
  'flattened',
  'locationName',
  'xmlNamespace',
  'streaming',
  'sensitive',
  'timestampFormat',
  'exception',
  'error',
] as const;
const REF_KEYS = [
  'shape',
  'location',
  'locationName',
  'queryName',
  'flattened',
  'xmlNamespace',
  'xmlAttribute',
  'streaming',
  'timestampFormat',
  'jsonvalue',
] as const;

export function compactModel(raw: Record<string, any>, spec: ServiceSpec): ServiceModel {
  const opNames = (spec.operations ?? Object.keys(raw.operations)).slice().sort();
  const operations: Record<string, OperationModel> = {};
  const wanted = new Set<string>();
  for (const name of opNames) {
    const op = raw.operations[name];
    if (!op) throw new Error(`${spec.name}: no operation ${name}`);
    operations[name] = compactOperation(op);
    for (const s of [op.input?.shape, op.output?.shape, ...(op.errors ?? []).map((e: any) => e.shape)]) {
      if (s) wanted.add(s);
    }
  }
  const shapes: Record<string, Shape> = {};
  const queue = [...wanted];
  while (queue.length) {
    const name = queue.pop()!;
    if (shapes[name]) continue;
    // A patch value of null removes that key from the source shape.
    const merged: Record<string, unknown> = { ...raw.shapes[name], ...(spec.patches?.[name] ?? {}) };
    const src = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== null));
    shapes[name] = compactShape(src);
    for (const ref of refsOf(shapes[name])) if (!shapes[ref.shape]) queue.push(ref.shape);
  }
  return { metadata: compactMetadata(raw.metadata), operations, shapes: sortKeys(shapes) };
}

function compactMetadata(m: Record<string, any>): ServiceModel['metadata'] {
  const out: Record<string, string> = {
    protocol: m.protocol,
    apiVersion: m.apiVersion,
    serviceId: m.serviceId,
    endpointPrefix: m.endpointPrefix,
    signingName: m.signingName ?? m.endpointPrefix,
  };
  for (const k of ['targetPrefix', 'jsonVersion', 'xmlNamespace']) if (m[k]) out[k] = m[k];
  const meta = out as unknown as ServiceModel['metadata'];
  if (m.awsQueryCompatible) meta.awsQueryCompatible = true;
  return meta;
}

function compactOperation(op: Record<string, any>): OperationModel {
  const http: OperationModel['http'] = { method: op.http.method, requestUri: op.http.requestUri };
  if (op.http.responseCode) http.responseCode = op.http.responseCode;
  const out: OperationModel = { name: op.name, http, errors: (op.errors ?? []).map((e: any) => e.shape).sort() };
  if (op.input) out.input = op.input.shape;
  if (op.output) out.output = op.output.shape;
  if (op.output?.resultWrapper) out.resultWrapper = op.output.resultWrapper;
  return out;
}

function compactShape(src: Record<string, any>): Shape {
  const out = pick(src, SHAPE_KEYS) as unknown as Shape;
  if (src.members) {
    out.members = {};
    for (const [name, ref] of Object.entries<any>(src.members)) out.members[name] = compactRef(ref);
  }
  for (const k of ['member', 'key', 'value'] as const) if (src[k]) out[k] = compactRef(src[k]);
  if (out.required) out.required = [...out.required];
  return out;
}

function compactRef(ref: Record<string, any>): MemberRef {
  return pick(ref, REF_KEYS) as unknown as MemberRef;
}

function refsOf(shape: Shape): MemberRef[] {
  return [...Object.values(shape.members ?? {}), shape.member, shape.key, shape.value].filter((r): r is MemberRef => r !== undefined);
}

function pick(src: Record<string, any>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (src[k] !== undefined) out[k] = src[k];
  return out;
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]),
  );
}
