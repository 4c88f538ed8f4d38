/**
 * Flat `A.member.1.B=x` parameters (query protocol) and `A.1.B=x` (EC2) → typed input per the model. The
 * naming rules mirror botocore's QuerySerializer / EC2Serializer so that whatever a client sends, we read.
 */
import type { ServiceError } from '../../errors/service-error.js';
import type { MemberRef, ServiceModel, Shape } from '../model.js';
import { setKey } from './coerce.js';
import { parseAnyTimestamp } from './timestamps.js';
import { MAX_NESTING_DEPTH } from './nesting.js';
import { invalidQueryParameter } from '../wire-errors.js';

/**
 * Every dotted prefix of every name is indexed, which is quadratic in a name's length; names are therefore
 * bounded (hsmtrail's choice, far beyond any modelled name such as `Filter.1.Value.1`).
 */
const MAX_NAME_LENGTH = 1024;
const NAME_LIMITS = `parameter names have at most ${MAX_NESTING_DEPTH} dot-separated parts and ${MAX_NAME_LENGTH} characters`;

export class ParamIndex {
  readonly values = new Map<string, string>();
  /** Keys the decoder read; what is left was not recognised (EC2 answers UnknownParameter). */
  readonly used = new Set<string>();
  /** Every key and each of its dotted prefixes, so "is anything under A.member.3" is one lookup. */
  private readonly prefixes = new Set<string>();

  constructor(sources: URLSearchParams[]) {
    for (const src of sources) {
      for (const [k, v] of src) {
        if (k.length > MAX_NAME_LENGTH) throw invalidQueryParameter(NAME_LIMITS);
        if (!this.values.has(k)) this.values.set(k, v);
        let parts = 1;
        for (let i = k.indexOf('.'); i !== -1; i = k.indexOf('.', i + 1)) {
          if (++parts > MAX_NESTING_DEPTH) throw invalidQueryParameter(NAME_LIMITS);
          this.prefixes.add(k.slice(0, i));
        }
        this.prefixes.add(k);
      }
    }
  }

  has(prefix: string): boolean {
    return this.prefixes.has(prefix);
  }

  /** A value the decoder consumes. */
  take(key: string): string | undefined {
    const v = this.values.get(key);
    if (v !== undefined) this.used.add(key);
    return v;
  }

  /** Parameters nothing read, other than the envelope (Action, Version) and SigV4's presign parameters. */
  unrecognised(): string[] {
    return [...this.values.keys()].filter((k) => !this.used.has(k) && k !== 'Action' && k !== 'Version' && !k.startsWith('X-Amz-'));
  }
}

export interface ParamFlavor {
  /** The wire name of a structure member. */
  memberName(ref: MemberRef, name: string): string;
  /** Prefix under which items 1..N of a list live. */
  listPrefix(ref: MemberRef, shape: Shape, prefix: string): string;
  badValue(param: string, value: string, expected: string): ServiceError;
}

export const queryFlavor: Omit<ParamFlavor, 'badValue'> = {
  memberName: (ref, name) => ref.locationName ?? name,
  listPrefix: (ref, shape, prefix) => {
    if (!(ref.flattened || shape.flattened)) return `${prefix}.${shape.member!.locationName ?? 'member'}`;
    const name = shape.member!.locationName;
    return name ? prefix.split('.').slice(0, -1).concat(name).join('.') : prefix;
  },
};

export const ec2Flavor: Omit<ParamFlavor, 'badValue'> = {
  memberName: (ref, name) =>
    ref.queryName ?? (ref.locationName ? ref.locationName.charAt(0).toUpperCase() + ref.locationName.slice(1) : name),
  listPrefix: (_ref, _shape, prefix) => prefix,
};

export function decodeParams(
  model: ServiceModel,
  shape: Shape,
  params: ParamIndex,
  flavor: ParamFlavor,
  prefix = '',
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const key = prefix ? `${prefix}.${flavor.memberName(ref, name)}` : flavor.memberName(ref, name);
    if (!params.has(key)) continue;
    const v = decodeValue(model, ref, key, params, flavor);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

function decodeValue(model: ServiceModel, ref: MemberRef, key: string, params: ParamIndex, flavor: ParamFlavor): unknown {
  const shape = model.shapes[ref.shape];
  switch (shape.type) {
    case 'structure':
      return decodeParams(model, shape, params, flavor, key);
    case 'list':
      return decodeList(model, ref, shape, key, params, flavor);
    case 'map':
      return decodeMap(model, ref, shape, key, params, flavor);
    default: {
      const raw = params.take(key);
      return raw === undefined ? undefined : decodeScalar(shape, key, raw, flavor);
    }
  }
}

function decodeList(
  model: ServiceModel,
  ref: MemberRef,
  shape: Shape,
  key: string,
  params: ParamIndex,
  flavor: ParamFlavor,
): unknown[] | undefined {
  const base = flavor.listPrefix(ref, shape, key);
  const items: unknown[] = [];
  for (let i = 1; params.has(`${base}.${i}`); i++) items.push(decodeValue(model, shape.member!, `${base}.${i}`, params, flavor));
  // botocore sends `Name=` for an empty list.
  if (items.length === 0 && params.take(key) !== '') return undefined;
  return items;
}

function decodeMap(
  model: ServiceModel,
  ref: MemberRef,
  shape: Shape,
  key: string,
  params: ParamIndex,
  flavor: ParamFlavor,
): Record<string, unknown> {
  const base = ref.flattened || shape.flattened ? key : `${key}.entry`;
  const keyName = shape.key!.locationName ?? 'key';
  const valueName = shape.value!.locationName ?? 'value';
  const out: Record<string, unknown> = {};
  for (let i = 1; params.has(`${base}.${i}`); i++) {
    const k = params.take(`${base}.${i}.${keyName}`);
    if (k !== undefined) setKey(out, k, decodeValue(model, shape.value!, `${base}.${i}.${valueName}`, params, flavor));
  }
  return out;
}

function decodeScalar(shape: Shape, key: string, raw: string, flavor: ParamFlavor): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long':
      if (!/^-?\d{1,16}$/.test(raw)) throw flavor.badValue(key, raw, 'an integer');
      return Number(raw);
    case 'float':
    case 'double': {
      const n = Number(raw);
      if (raw.trim() === '' || Number.isNaN(n)) throw flavor.badValue(key, raw, 'a number');
      return n;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw flavor.badValue(key, raw, 'true or false');
      return raw === 'true';
    case 'timestamp': {
      const d = parseAnyTimestamp(raw);
      if (!d) throw flavor.badValue(key, raw, 'an ISO 8601 timestamp');
      return d;
    }
    case 'blob':
      return Buffer.from(raw, 'base64');
    default:
      return raw;
  }
}

/** Form body (when the request is form-encoded) plus the query string; the body wins on conflicts. */
export function collectParams(method: string, contentType: string | undefined, body: Buffer, query: string): ParamIndex {
  const sources: URLSearchParams[] = [];
  const isForm = !contentType || contentType.toLowerCase().startsWith('application/x-www-form-urlencoded');
  if (method === 'POST' && body.length > 0 && isForm) sources.push(new URLSearchParams(body.toString('utf8')));
  if (query) sources.push(new URLSearchParams(query));
  return new ParamIndex(sources);
}
