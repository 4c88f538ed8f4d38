import type { MemberRef, ServiceModel, Shape } from '../../protocol/model.js';
import { redaction, HIDDEN } from './redaction.js';

/**
 * Turns an operation's input or output into CloudTrail's requestParameters/responseElements form,
 * walking the model so that only modelled members appear:
 * - member names lower-camel-cased (`ClusterId` → `clusterId`), map keys kept verbatim;
 * - blobs and streams never copied (S3 bodies, certificates' DER), secrets redacted (redaction.ts);
 * - timestamps as CloudTrail's Coral services render them: `Oct 2, 2019, 11:12:29 PM` (UTC);
 * - EC2 lists wrapped as `{"items": [...]}`, as EC2's records show them.
 * Returns null when nothing remains (CloudTrail writes null, not {}).
 */
export function recordParameters(
  model: ServiceModel | undefined,
  shapeName: string | undefined,
  value: unknown,
): Record<string, unknown> | null {
  if (!isPlainObject(value)) return null;
  const shape = model && shapeName ? model.shapes[shapeName] : undefined;
  const walker = new Walker(model, model?.metadata.protocol === 'ec2', true);
  const out = shape ? walker.structure(shape, value) : walker.untyped(value);
  return out && Object.keys(out).length > 0 ? out : null;
}

/**
 * Redacts a value an AuditSpec override already shaped (S3 records keep names such as `Host`), so
 * overrides pass through the same secret rules without being renamed.
 */
export function redactShaped(value: Record<string, unknown> | null): Record<string, unknown> | null {
  return value === null ? null : new Walker(undefined, false, false).untyped(value);
}

export function lowerCamel(name: string): string {
  return name.length === 0 ? name : name[0]!.toLowerCase() + name.slice(1);
}

/** `Oct 2, 2019, 11:12:29 PM`: the form STS and IAM records use for expiration and createDate. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function coralTimestamp(d: Date): string {
  const month = MONTHS[d.getUTCMonth()];
  const h = d.getUTCHours();
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${month} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${hour12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

const SKIP = Symbol('skip');

/**
 * Untyped values (an AuditSpec's plain objects, such as a bucket policy parsed from the request) come from
 * the client and may nest arbitrarily: deeper levels are left out, so that recording never exhausts the
 * stack (and the event, with its error, is still written). Modelled shapes nest at most 9 levels.
 */
const MAX_UNTYPED_DEPTH = 64;

class Walker {
  constructor(
    private readonly model: ServiceModel | undefined,
    private readonly ec2Items: boolean,
    private readonly rename: boolean,
  ) {}

  structure(shape: Shape, value: Record<string, unknown>): Record<string, unknown> | undefined {
    const members = shape.members ?? {};
    const out: Record<string, unknown> = {};
    for (const [name, raw] of Object.entries(value)) {
      const ref = members[name];
      if (!ref || raw === undefined || raw === null || ref.location === 'statusCode') continue;
      const target = this.model!.shapes[ref.shape];
      const rule = redaction(name, target);
      if (rule === 'omit') continue;
      const converted = rule === 'hide' ? HIDDEN : this.value(ref, target, raw);
      if (converted !== SKIP) out[lowerCamel(name)] = converted;
    }
    return out;
  }

  private value(ref: MemberRef, shape: Shape | undefined, v: unknown): unknown {
    if (!shape || ref.streaming || shape.streaming) return SKIP;
    switch (shape.type) {
      case 'structure':
        return isPlainObject(v) ? this.structure(shape, v) : SKIP;
      case 'list': {
        if (!Array.isArray(v)) return SKIP;
        const memberShape = this.model!.shapes[shape.member!.shape];
        const items = v.map((x) => this.value(shape.member!, memberShape, x)).filter((x) => x !== SKIP);
        return this.ec2Items ? { items } : items;
      }
      case 'map':
        return isPlainObject(v) ? this.map(shape, v) : SKIP;
      case 'blob':
        return SKIP;
      case 'timestamp':
        return v instanceof Date ? coralTimestamp(v) : v;
      default:
        return v;
    }
  }

  private map(shape: Shape, v: Record<string, unknown>): Record<string, unknown> {
    const valueShape = this.model!.shapes[shape.value!.shape];
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const converted = this.value(shape.value!, valueShape, x);
      if (converted !== SKIP) out[k] = converted;
    }
    return out;
  }

  /** No model shape (e.g. an AuditSpec hands over a plain object): convert names, redact, drop binaries. */
  untyped(value: Record<string, unknown>, depth = 0): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, raw] of Object.entries(value)) {
      const rule = redaction(name);
      if (rule === 'omit' || raw === undefined || raw === null) continue;
      const converted = rule === 'hide' ? HIDDEN : this.untypedValue(raw, depth + 1);
      if (converted !== SKIP) out[this.rename ? lowerCamel(name) : name] = converted;
    }
    return out;
  }

  private untypedValue(v: unknown, depth: number): unknown {
    if (Buffer.isBuffer(v) || v instanceof Uint8Array || isStream(v)) return SKIP;
    if (v instanceof Date) return coralTimestamp(v);
    const nested = Array.isArray(v) || isPlainObject(v);
    if (nested && depth >= MAX_UNTYPED_DEPTH) return SKIP;
    if (Array.isArray(v)) return v.map((x) => this.untypedValue(x, depth + 1)).filter((x) => x !== SKIP);
    if (isPlainObject(v)) return this.untyped(v, depth);
    return v;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !Buffer.isBuffer(v) && !isStream(v);
}

function isStream(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { pipe?: unknown }).pipe === 'function';
}
