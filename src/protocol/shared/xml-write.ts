/**
 * Model-driven XML output shared by the query, EC2 and rest-xml protocols: element names from locationName,
 * lists wrapped in <member>/<item> unless flattened, maps as <entry><key><value>, attributes, namespaces.
 */
import type { MemberRef, ServiceModel, Shape } from '../model.js';
import { asBuffer, asDate, scalarText } from './coerce.js';
import { toEpochSeconds, toHttpDate, toIso8601 } from './timestamps.js';

export interface XmlFlavor {
  /** The element wrapping each list item when the model names none: 'member' (query, S3) or 'item' (EC2). */
  listMember: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#xD;',
  '\n': '&#xA;',
};

export function escapeXml(s: string): string {
  return s.replace(/[&<>"'\r\n]/g, (c) => ESCAPES[c]);
}

/** Writes the body members of a structure (those without an HTTP location) as child elements. */
export function writeMembers(model: ServiceModel, shape: Shape, value: unknown, flavor: XmlFlavor, out: string[]): void {
  if (typeof value !== 'object' || value === null) return;
  const obj = value as Record<string, unknown>;
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const v = obj[name];
    if (v === undefined || v === null || ref.location || ref.xmlAttribute) continue;
    writeElement(model, ref, v, ref.locationName ?? name, flavor, out);
  }
}

export function writeElement(
  model: ServiceModel,
  ref: MemberRef,
  v: unknown,
  name: string,
  flavor: XmlFlavor,
  out: string[],
  xmlns = '',
): void {
  const shape = model.shapes[ref.shape];
  const ns = xmlns || namespaceAttr(ref.xmlNamespace ?? shape.xmlNamespace);
  switch (shape.type) {
    case 'structure':
      out.push(`<${name}${ns}${attributes(model, shape, v)}>`);
      writeMembers(model, shape, v, flavor, out);
      out.push(`</${name}>`);
      return;
    case 'list':
      return writeList(model, ref, shape, v as unknown[], name, flavor, out, ns);
    case 'map':
      return writeMap(model, ref, shape, v as Record<string, unknown>, name, flavor, out, ns);
    default:
      out.push(`<${name}${ns}>${escapeXml(scalarToText(shape, ref, v))}</${name}>`);
  }
}

function writeList(
  model: ServiceModel,
  ref: MemberRef,
  shape: Shape,
  items: unknown[],
  name: string,
  flavor: XmlFlavor,
  out: string[],
  ns: string,
) {
  const member = shape.member!;
  if (ref.flattened || shape.flattened) {
    const itemName = member.locationName ?? name;
    for (const item of items) writeElement(model, member, item, itemName, flavor, out);
    return;
  }
  out.push(`<${name}${ns}>`);
  for (const item of items) writeElement(model, member, item, member.locationName ?? flavor.listMember, flavor, out);
  out.push(`</${name}>`);
}

function writeMap(
  model: ServiceModel,
  ref: MemberRef,
  shape: Shape,
  map: Record<string, unknown>,
  name: string,
  flavor: XmlFlavor,
  out: string[],
  ns: string,
) {
  const keyName = shape.key!.locationName ?? 'key';
  const valueName = shape.value!.locationName ?? 'value';
  const flattened = ref.flattened || shape.flattened;
  if (!flattened) out.push(`<${name}${ns}>`);
  for (const [k, v] of Object.entries(map)) {
    if (v === undefined || v === null) continue;
    out.push(flattened ? `<${name}>` : '<entry>');
    writeElement(model, shape.key!, k, keyName, flavor, out);
    writeElement(model, shape.value!, v, valueName, flavor, out);
    out.push(flattened ? `</${name}>` : '</entry>');
  }
  if (!flattened) out.push(`</${name}>`);
}

function attributes(model: ServiceModel, shape: Shape, v: unknown): string {
  let attrs = '';
  const obj = v as Record<string, unknown>;
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (!ref.xmlAttribute || obj[name] === undefined || obj[name] === null) continue;
    attrs += ` ${ref.locationName ?? name}="${escapeXml(scalarToText(model.shapes[ref.shape], ref, obj[name]))}"`;
  }
  return attrs;
}

export function namespaceAttr(ns: { prefix?: string; uri: string } | undefined): string {
  if (!ns) return '';
  return ns.prefix ? ` xmlns:${ns.prefix}="${escapeXml(ns.uri)}"` : ` xmlns="${escapeXml(ns.uri)}"`;
}

/** Text form of a scalar: ISO 8601 timestamps unless the model says otherwise, base64 blobs. */
export function scalarToText(shape: Shape, ref: MemberRef, v: unknown): string {
  if (shape.type === 'timestamp') {
    const d = asDate(v);
    const fmt = ref.timestampFormat ?? shape.timestampFormat;
    return fmt === 'rfc822' ? toHttpDate(d) : fmt === 'unixTimestamp' ? String(toEpochSeconds(d)) : toIso8601(d);
  }
  if (shape.type === 'blob') return asBuffer(v).toString('base64');
  return scalarText(v);
}
