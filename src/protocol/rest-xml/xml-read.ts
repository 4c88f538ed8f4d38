/** Model-driven reading of an XML payload (S3 request bodies) into typed input. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { MemberRef, ServiceModel, Shape } from '../model.js';
import { setKey } from '../shared/coerce.js';
import { parseAnyTimestamp } from '../shared/timestamps.js';
import { s3Errors } from '../wire-errors.js';
import { xmlNestingExceeds } from '../shared/nesting.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: () => true,
});

type Node = Record<string, unknown> | string;

/** Parses a whole document and reads its root element as `ref`. Throws MalformedXML. */
export function readXmlPayload(model: ServiceModel, ref: MemberRef, text: string): unknown {
  // Entity declarations have no place in S3 payloads and are the usual expansion-bomb vector; no S3
  // payload nests deeply, and a deep one would exhaust the parser (S3 answers MalformedXML for any
  // document that does not match its schema).
  if (text.includes('<!DOCTYPE') || text.includes('<!ENTITY') || xmlNestingExceeds(text) || XMLValidator.validate(text) !== true) {
    throw s3Errors.malformedXml();
  }
  const doc = parseDocument(text);
  const rootKey = Object.keys(doc).find((k) => !k.startsWith('?'));
  if (!rootKey) throw s3Errors.malformedXml();
  return readNode(model, ref, doc[rootKey][0] as Node);
}

function parseDocument(text: string): Record<string, unknown[]> {
  try {
    return parser.parse(text) as Record<string, unknown[]>;
  } catch {
    throw s3Errors.malformedXml(); // the parser's own limits (e.g. "Maximum nested tags exceeded")
  }
}

function readNode(model: ServiceModel, ref: MemberRef, node: Node): unknown {
  const shape = model.shapes[ref.shape];
  switch (shape.type) {
    case 'structure':
      return readStructure(model, shape, node);
    case 'list': {
      const items = typeof node === 'object' ? ((node[shape.member!.locationName ?? 'member'] as Node[]) ?? []) : [];
      return items.map((n) => readNode(model, shape.member!, n));
    }
    case 'map':
      return readMapEntries(model, shape, typeof node === 'object' ? ((node.entry as Node[]) ?? []) : []);
    default:
      return readScalar(shape, textOf(node));
  }
}

function readStructure(model: ServiceModel, shape: Shape, node: Node): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof node !== 'object') return out;
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const memberShape = model.shapes[ref.shape];
    const elementName = ref.locationName ?? name;
    if (ref.xmlAttribute) {
      const attr = node[`@_${elementName.replace(/^.*:/, '')}`];
      if (typeof attr === 'string') out[name] = readScalar(memberShape, attr);
      continue;
    }
    const flattened = ref.flattened || memberShape.flattened;
    if (flattened && memberShape.type === 'list') {
      const items = node[memberShape.member!.locationName ?? elementName] as Node[] | undefined;
      if (items) out[name] = items.map((n) => readNode(model, memberShape.member!, n));
      continue;
    }
    if (flattened && memberShape.type === 'map') {
      const entries = node[elementName] as Node[] | undefined;
      if (entries) out[name] = readMapEntries(model, memberShape, entries);
      continue;
    }
    const children = node[elementName] as Node[] | undefined;
    if (children?.length) out[name] = readNode(model, ref, children[0]);
  }
  return out;
}

function readMapEntries(model: ServiceModel, shape: Shape, entries: Node[]): Record<string, unknown> {
  const keyName = shape.key!.locationName ?? 'key';
  const valueName = shape.value!.locationName ?? 'value';
  const out: Record<string, unknown> = {};
  for (const entry of entries) {
    if (typeof entry !== 'object') continue;
    const k = (entry[keyName] as Node[] | undefined)?.[0];
    const v = (entry[valueName] as Node[] | undefined)?.[0];
    if (k !== undefined && v !== undefined) setKey(out, textOf(k), readNode(model, shape.value!, v));
  }
  return out;
}

function textOf(node: Node): string {
  if (typeof node === 'string') return node;
  const t = node['#text'];
  return typeof t === 'string' ? t : Array.isArray(t) ? t.join('') : '';
}

function readScalar(shape: Shape, text: string): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long':
      if (!/^\s*-?\d{1,16}\s*$/.test(text)) throw s3Errors.malformedXml();
      return Number(text);
    case 'float':
    case 'double':
      if (text.trim() === '' || Number.isNaN(Number(text))) throw s3Errors.malformedXml();
      return Number(text);
    case 'boolean': {
      const t = text.trim();
      if (t !== 'true' && t !== 'false') throw s3Errors.malformedXml();
      return t === 'true';
    }
    case 'timestamp': {
      const d = parseAnyTimestamp(text.trim());
      if (!d) throw s3Errors.malformedXml();
      return d;
    }
    case 'blob':
      return Buffer.from(text, 'base64');
    default:
      return text;
  }
}
