/**
 * Model-driven validation shared by every codec. Codecs first decode the wire into typed values (their own
 * type errors are protocol-specific); validateInput then checks the constraints, with AWS's (Coral's) wording:
 * "Value 'x' at 'clusterId' failed to satisfy constraint: Member must ...". validateOutput additionally checks
 * types, so tests can hold every response against the model.
 */
import type { MemberRef, ServiceModel, Shape } from './model.js';

export interface Problem {
  /** Coral-style path: lower-camel member names, `tagList.1.member.key`. */
  path: string;
  message: string;
  kind: 'required' | 'type' | 'constraint';
}

const regexCache = new Map<string, RegExp | null>();

/** Java-flavoured model patterns as anchored JS regexes; null when JS cannot express one (then unchecked). */
/**
 * AWS services match model patterns against the whole value (IAM rejects `bob!` for `[\w+=,.@-]+`).
 * A few model patterns are evidently applied as prefixes instead: CloudHSM's VpcId pattern
 * `vpc-[0-9a-fA-F]` would otherwise reject every real VPC id.
 */
const PREFIX_PATTERNS = new Set(['vpc-[0-9a-fA-F]']);

export function compilePattern(pattern: string): RegExp | null {
  let re = regexCache.get(pattern);
  if (re !== undefined) return re;
  re = null;
  const end = PREFIX_PATTERNS.has(pattern) ? '' : '$';
  for (const flags of ['u', '']) {
    try {
      re = new RegExp(`^(?:${pattern})${end}`, flags);
      break;
    } catch {
      /* try the next flavour */
    }
  }
  regexCache.set(pattern, re);
  return re;
}

export function validateInput(model: ServiceModel, shapeName: string, value: unknown): Problem[] {
  const problems: Problem[] = [];
  walkStructure(model, model.shapes[shapeName], value, '', problems, false);
  return problems;
}

export function validateOutput(model: ServiceModel, shapeName: string, value: unknown): string[] {
  const problems: Problem[] = [];
  walkStructure(model, model.shapes[shapeName], value ?? {}, '', problems, true);
  return problems.map((p) => p.message);
}

function lowerCamel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function walkStructure(model: ServiceModel, shape: Shape, value: unknown, path: string, out: Problem[], types: boolean) {
  if (types && !isPlainObject(value)) {
    out.push(typeProblem(path, value, 'structure'));
    return;
  }
  const obj = value as Record<string, unknown>;
  for (const req of shape.required ?? []) {
    if (obj[req] === undefined || obj[req] === null) {
      out.push({
        path: join(path, lowerCamel(req)),
        kind: 'required',
        message: describe(join(path, lowerCamel(req)), null, false, 'Member must not be null'),
      });
    }
  }
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const v = obj[name];
    if (v !== undefined && v !== null) walkValue(model, ref, v, join(path, lowerCamel(name)), out, types);
  }
}

function walkValue(model: ServiceModel, ref: MemberRef, value: unknown, path: string, out: Problem[], types: boolean) {
  const shape = model.shapes[ref.shape];
  if (types && !hasType(shape, ref, value)) {
    out.push(typeProblem(path, value, shape.type));
    return;
  }
  const sensitive = shape.sensitive === true;
  const fail = (msg: string) => out.push({ path, kind: 'constraint', message: describe(path, value, sensitive, msg) });
  switch (shape.type) {
    case 'structure':
      return walkStructure(model, shape, value, path, out, types);
    case 'list': {
      const list = value as unknown[];
      checkLength(shape, list.length, fail);
      list.forEach((item, i) => walkValue(model, shape.member!, item, `${path}.${i + 1}.member`, out, types));
      return;
    }
    case 'map': {
      const entries = Object.entries(value as Record<string, unknown>);
      checkLength(shape, entries.length, fail);
      for (const [k, v] of entries) {
        walkValue(model, shape.key!, k, `${path}.${k}.key`, out, types);
        walkValue(model, shape.value!, v, `${path}.${k}.value`, out, types);
      }
      return;
    }
    case 'string':
      return checkString(shape, value as string, fail);
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      if (shape.min !== undefined && (value as number) < shape.min) fail(`Member must have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && (value as number) > shape.max) fail(`Member must have value less than or equal to ${shape.max}`);
      return;
    case 'blob':
      if (value instanceof Uint8Array) checkLength(shape, value.length, fail);
      return;
    default:
      return;
  }
}

function checkString(shape: Shape, s: string, fail: (m: string) => void): void {
  checkLength(shape, s.length, fail);
  if (shape.enum && !shape.enum.includes(s)) fail(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
  if (shape.pattern) {
    const re = compilePattern(shape.pattern);
    if (re && !re.test(s)) fail(`Member must satisfy regular expression pattern: ${shape.pattern}`);
  }
}

function checkLength(shape: Shape, n: number, fail: (m: string) => void): void {
  if (shape.min !== undefined && n < shape.min) fail(`Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && n > shape.max) fail(`Member must have length less than or equal to ${shape.max}`);
}

function hasType(shape: Shape, ref: MemberRef, v: unknown): boolean {
  switch (shape.type) {
    case 'structure':
    case 'map':
      return isPlainObject(v);
    case 'list':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'integer':
    case 'long':
      return typeof v === 'number' && Number.isInteger(v);
    case 'float':
    case 'double':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'timestamp':
      return v instanceof Date && !Number.isNaN(v.getTime());
    case 'blob':
      return v instanceof Uint8Array || typeof v === 'string' || ((ref.streaming || shape.streaming) === true && isReadable(v));
  }
}

function isReadable(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { pipe?: unknown }).pipe === 'function';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);
}

function typeProblem(path: string, value: unknown, expected: string): Problem {
  return { path, kind: 'type', message: describe(path, value, false, `Member must be of type ${expected}`) };
}

/** Coral renders the offending value Java-style; sensitive members are not echoed back. */
function describe(path: string, value: unknown, sensitive: boolean, constraint: string): string {
  const shown = sensitive ? '' : value === null ? ' null' : ` '${render(value)}'`;
  return `Value${shown} at '${path}' failed to satisfy constraint: ${constraint}`;
}

function render(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(render).join(', ')}]`;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}
