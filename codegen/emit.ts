/** Renders one src/protocol/generated/<service>.ts: the compact model, shape interfaces and the XxxApi interface. */
import type { MemberRef, ServiceModel, Shape } from '../src/protocol/model.js';

/** Shape names that would shadow globals the generated code or its readers rely on; SDK v3 prefixes them too. */
const RESERVED = new Set(['Object', 'Error', 'Date', 'String', 'Number', 'Boolean', 'Map', 'Set', 'Array', 'Promise']);

export function typeName(shape: string): string {
  return RESERVED.has(shape) ? `_${shape}` : shape;
}

export function apiName(model: ServiceModel): string {
  return `${model.metadata.serviceId.replace(/[^A-Za-z0-9]/g, '')}Api`;
}

export function renderService(model: ServiceModel, header: string): string {
  const parts = [
    header,
    "import type { Readable } from 'node:stream';",
    "import type { ServiceModel } from '../model.js';",
    '',
    renderModel(model),
    renderOperationUnion(model),
    renderApi(model),
    ...renderShapes(model),
  ];
  return parts.join('\n');
}

function renderModel(model: ServiceModel): string {
  const ops = Object.entries(model.operations).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  const shapes = Object.entries(model.shapes).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  return [
    'export const model: ServiceModel = {',
    `  metadata: ${JSON.stringify(model.metadata)},`,
    '  operations: {',
    ...ops,
    '  },',
    '  shapes: {',
    ...shapes,
    '  },',
    '};',
    '',
  ].join('\n');
}

function renderOperationUnion(model: ServiceModel): string {
  const names = Object.keys(model.operations).map((n) => `  | '${n}'`);
  return ['export type OperationName =', ...names, ';', ''].join('\n');
}

function renderApi(model: ServiceModel): string {
  const lines = [`/** One method per ${model.metadata.serviceId} operation; C is the caller's context type. */`];
  lines.push(`export interface ${apiName(model)}<C> {`);
  for (const [name, op] of Object.entries(model.operations)) {
    const input = op.input ? typeName(op.input) : 'Record<string, never>';
    const output = op.output ? typeName(op.output) : 'void';
    lines.push(`  ${name}(input: ${input}, ctx: C): Promise<${output}> | ${output};`);
  }
  lines.push('}', '');
  return lines.join('\n');
}

function renderShapes(model: ServiceModel): string[] {
  const out: string[] = [];
  for (const [name, shape] of Object.entries(model.shapes)) {
    if (shape.type === 'structure') out.push(renderStructure(model, name, shape));
    else if (shape.type === 'string' && shape.enum) {
      out.push(`export type ${typeName(name)} = ${shape.enum.map((e) => `'${e.replace(/'/g, "\\'")}'`).join(' | ')};\n`);
    }
  }
  return out;
}

function renderStructure(model: ServiceModel, name: string, shape: Shape): string {
  const required = new Set(shape.required ?? []);
  const members = Object.entries(shape.members ?? {}).map(
    ([m, ref]) => `  ${safeKey(m)}${required.has(m) ? '' : '?'}: ${tsType(model, ref)};`,
  );
  return [`export interface ${typeName(name)} {`, ...members, '}', ''].join('\n');
}

function safeKey(k: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k);
}

function tsType(model: ServiceModel, ref: MemberRef): string {
  const shape = model.shapes[ref.shape];
  switch (shape.type) {
    case 'structure':
      return typeName(ref.shape);
    case 'list':
      return `${wrap(tsType(model, shape.member!))}[]`;
    case 'map':
      return `Record<string, ${tsType(model, shape.value!)}>`;
    case 'string':
      return shape.enum ? typeName(ref.shape) : 'string';
    case 'boolean':
      return 'boolean';
    case 'timestamp':
      return 'Date';
    case 'blob':
      return ref.streaming || shape.streaming ? 'Uint8Array | Readable' : 'Uint8Array';
    default:
      return 'number';
  }
}

function wrap(t: string): string {
  return /[|<]/.test(t) ? `(${t})` : t;
}
