/**
 * First stage of policy parsing: the JSON grammar of a policy document. Anything that fails here is
 * IAM's catch-all "Syntax errors in policy.".
 */

export type RawValue = string | number | boolean;

export interface RawStatement {
  Sid?: string;
  Effect: string;
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  Principal?: unknown;
  NotPrincipal?: unknown;
  /** operator -> key -> values */
  Condition?: Record<string, Record<string, RawValue[]>>;
}

export interface RawPolicy {
  Version?: string;
  Id?: string;
  statements: RawStatement[];
}

export class SyntaxFailure extends Error {}

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_FIELDS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
]);
const LIST_FIELDS = ['Action', 'NotAction', 'Resource', 'NotResource'] as const;

function check(ok: unknown): asserts ok {
  if (!ok) throw new SyntaxFailure('Syntax errors in policy.');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  check(Array.isArray(v) && v.every((x) => typeof x === 'string'));
  return v as string[];
}

function conditionValues(v: unknown): RawValue[] {
  const ok = (x: unknown): x is RawValue => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
  if (ok(v)) return [v];
  check(Array.isArray(v) && v.every(ok));
  return v as RawValue[];
}

function parseCondition(raw: unknown): RawStatement['Condition'] {
  check(isObject(raw));
  const out: NonNullable<RawStatement['Condition']> = {};
  for (const [operator, block] of Object.entries(raw)) {
    check(isObject(block));
    out[operator] = {};
    for (const [key, values] of Object.entries(block)) out[operator]![key] = conditionValues(values);
  }
  return out;
}

function parseStatement(raw: unknown): RawStatement {
  check(isObject(raw));
  for (const field of Object.keys(raw)) check(STATEMENT_FIELDS.has(field));
  check(!('Action' in raw && 'NotAction' in raw));
  check(!('Resource' in raw && 'NotResource' in raw));
  check(!('Principal' in raw && 'NotPrincipal' in raw));
  check(typeof raw.Effect === 'string' && /^(allow|deny)$/i.test(raw.Effect));
  check(raw.Sid === undefined || typeof raw.Sid === 'string');
  const st: RawStatement = { Effect: raw.Effect as string };
  if (raw.Sid !== undefined) st.Sid = raw.Sid as string;
  for (const field of LIST_FIELDS) if (field in raw) st[field] = stringList(raw[field]);
  if ('Principal' in raw) st.Principal = raw.Principal;
  if ('NotPrincipal' in raw) st.NotPrincipal = raw.NotPrincipal;
  if ('Condition' in raw) st.Condition = parseCondition(raw.Condition);
  return st;
}

/** Parses the JSON text and checks its grammar; throws SyntaxFailure. */
export function parseSyntax(document: string): RawPolicy {
  let json: unknown;
  try {
    json = JSON.parse(document);
  } catch {
    check(false);
  }
  check(isObject(json));
  for (const field of Object.keys(json)) check(TOP_LEVEL.has(field));
  check(json.Version === undefined || json.Version === '2012-10-17' || json.Version === '2008-10-17');
  check(json.Id === undefined || typeof json.Id === 'string');
  const raw = json.Statement;
  check(isObject(raw) || (Array.isArray(raw) && raw.length > 0));
  const statements = (Array.isArray(raw) ? raw : [raw]).map(parseStatement);
  return {
    ...(json.Version !== undefined ? { Version: json.Version as string } : {}),
    ...(json.Id !== undefined ? { Id: json.Id as string } : {}),
    statements,
  };
}
