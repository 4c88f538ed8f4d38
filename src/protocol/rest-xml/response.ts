/** Renders a REST operation's output: status code, located headers, and the XML or streaming payload. */
import { Readable } from 'node:stream';
import type { HttpBody } from '../http.js';
import type { MemberRef, ServiceModel, Shape } from '../model.js';
import { asBuffer, asDate, scalarText } from '../shared/coerce.js';
import { toEpochSeconds, toHttpDate, toIso8601 } from '../shared/timestamps.js';
import { escapeXml, namespaceAttr, scalarToText, writeElement, writeMembers, type XmlFlavor } from '../shared/xml-write.js';

const XML_FLAVOR: XmlFlavor = { listMember: 'member' };
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export interface RenderedOutput {
  status?: number;
  headers: Record<string, string>;
  body: HttpBody;
  isXml: boolean;
}

export function renderOutput(model: ServiceModel, shapeName: string, output: unknown, defaultNs: string): RenderedOutput {
  const shape = model.shapes[shapeName];
  const obj = (output ?? {}) as Record<string, unknown>;
  const headers: Record<string, string> = {};
  let status: number | undefined;
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const v = obj[name];
    if (v === undefined || v === null) continue;
    if (ref.location === 'header') headers[ref.locationName ?? name] = headerText(model, ref, v);
    else if (ref.location === 'headers') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) headers[`${ref.locationName}${k}`] = String(x);
    } else if (ref.location === 'statusCode') status = Number(v);
  }
  if (shape.payload)
    return { status, headers, ...renderPayload(model, shape.members![shape.payload], obj[shape.payload], shape.payload, defaultNs) };
  const hasBody = Object.values(shape.members ?? {}).some((r) => !r.location);
  if (!hasBody) return { status, headers, body: Buffer.alloc(0), isXml: false };
  const root = shape.locationName ?? shapeName;
  return { status, headers, body: Buffer.from(XML_DECLARATION + structureXml(model, shape, obj, root, defaultNs)), isXml: true };
}

function renderPayload(
  model: ServiceModel,
  ref: MemberRef,
  v: unknown,
  name: string,
  defaultNs: string,
): { body: HttpBody; isXml: boolean } {
  const shape = model.shapes[ref.shape];
  if (v === undefined || v === null) return { body: Buffer.alloc(0), isXml: false };
  if (shape.type === 'blob') return { body: v instanceof Readable ? v : asBuffer(v), isXml: false };
  if (shape.type === 'string') return { body: Buffer.from(String(v)), isXml: false };
  const out: string[] = [];
  const root = ref.locationName ?? shape.locationName ?? name;
  writeElement(model, ref, v, root, XML_FLAVOR, out, namespaceAttr(ref.xmlNamespace ?? shape.xmlNamespace ?? { uri: defaultNs }));
  return { body: Buffer.from(XML_DECLARATION + out.join('')), isXml: true };
}

/** S3's GetBucketLocation answers `<LocationConstraint>eu-west-1</LocationConstraint>`: a lone scalar named like the root is the root's text. */
function structureXml(model: ServiceModel, shape: Shape, obj: Record<string, unknown>, root: string, ns: string): string {
  const bodyMembers = Object.entries(shape.members ?? {}).filter(([, r]) => !r.location);
  if (bodyMembers.length === 1) {
    const [name, ref] = bodyMembers[0];
    const memberShape = model.shapes[ref.shape];
    if ((ref.locationName ?? name) === root && !['structure', 'list', 'map'].includes(memberShape.type)) {
      const v = obj[name];
      const text = v === undefined || v === null ? '' : escapeXml(scalarToText(memberShape, ref, v));
      return `<${root} xmlns="${ns}">${text}</${root}>`;
    }
  }
  const out: string[] = [`<${root} xmlns="${ns}">`];
  writeMembers(model, shape, obj, XML_FLAVOR, out);
  out.push(`</${root}>`);
  return out.join('');
}

function headerText(model: ServiceModel, ref: MemberRef, v: unknown): string {
  const shape = model.shapes[ref.shape];
  if (shape.type === 'timestamp') {
    const fmt = ref.timestampFormat ?? shape.timestampFormat;
    const d = asDate(v);
    return fmt === 'iso8601' ? toIso8601(d) : fmt === 'unixTimestamp' ? String(toEpochSeconds(d)) : toHttpDate(d);
  }
  if (shape.type === 'list') return (v as unknown[]).map((x) => scalarText(x)).join(',');
  if (ref.jsonvalue) return Buffer.from(JSON.stringify(v)).toString('base64');
  if (shape.type === 'blob') return asBuffer(v).toString('base64');
  return scalarText(v);
}
