/** The AWS query protocol (STS, IAM): form-encoded Action/Version in, `<XResponse><XResult>` XML out. */
import type { ServiceError } from '../../errors/service-error.js';
import type { Codec, ParsedRequest, ResponseMeta } from '../codec.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import type { ServiceModel } from '../model.js';
import { wireCode } from '../shared/errors.js';
import { collectParams, decodeParams, queryFlavor, type ParamFlavor } from '../shared/query-params.js';
import { escapeXml, writeMembers, type XmlFlavor } from '../shared/xml-write.js';
import { validateInput, type Problem } from '../validate.js';
import { queryErrors } from '../wire-errors.js';

const XML_FLAVOR: XmlFlavor = { listMember: 'member' };
const PARAMS: ParamFlavor = { ...queryFlavor, badValue: queryErrors.badValue };

export class QueryCodec implements Codec {
  private readonly xmlns: string;

  /** `unversioned`: actions served without a Version parameter (the URLs in SNS's messages name none). */
  constructor(
    readonly model: ServiceModel,
    private readonly opts: { unversioned?: readonly string[] } = {},
  ) {
    this.xmlns = model.metadata.xmlNamespace ?? '';
  }

  parse(req: HttpRequest): ParsedRequest {
    const params = collectParams(req.method, req.headers['content-type'], req.body, req.query);
    const action = params.values.get('Action');
    if (!action) throw queryErrors.missingAction();
    const op = Object.hasOwn(this.model.operations, action) ? this.model.operations[action] : undefined;
    if (!op) throw queryErrors.invalidAction(action);
    const version = params.values.get('Version');
    const unversioned = version === undefined && this.opts.unversioned?.includes(op.name);
    if (version !== this.model.metadata.apiVersion && !unversioned) throw queryErrors.wrongVersion(action, version);
    if (!op.input) return { operation: op.name, input: {} };
    const input = decodeParams(this.model, this.model.shapes[op.input], params, PARAMS);
    const problems = this.validate(op.name, op.input, input);
    if (problems.length) throw queryErrors.validation(problems);
    return { operation: op.name, input };
  }

  /** The model's constraints on one operation's input; a service with a documented exception narrows them (iam/codec.ts). */
  protected validate(_operation: string, shape: string, input: Record<string, unknown>): Problem[] {
    return validateInput(this.model, shape, input);
  }

  serialize(operation: string, output: unknown, meta: ResponseMeta): HttpResponse {
    const op = this.model.operations[operation];
    const out: string[] = [`<${operation}Response xmlns="${this.xmlns}">`];
    if (op?.output) {
      const wrapper = op.resultWrapper;
      if (wrapper) out.push(`<${wrapper}>`);
      writeMembers(this.model, this.model.shapes[op.output], output, XML_FLAVOR, out);
      if (wrapper) out.push(`</${wrapper}>`);
    }
    out.push(`<ResponseMetadata><RequestId>${escapeXml(meta.requestId)}</RequestId></ResponseMetadata>`);
    out.push(`</${operation}Response>`);
    return xmlResponse(200, out.join(''), meta.requestId, {});
  }

  serializeError(err: ServiceError, meta: ResponseMeta & { operation?: string }): HttpResponse {
    const { code, status } = wireCode(this.model, err.code, err.status);
    const body =
      `<ErrorResponse xmlns="${this.xmlns}"><Error><Type>${err.fault}</Type><Code>${escapeXml(code)}</Code>` +
      `<Message>${escapeXml(err.message)}</Message></Error><RequestId>${escapeXml(meta.requestId)}</RequestId></ErrorResponse>`;
    return xmlResponse(status, body, meta.requestId, err.headers);
  }
}

export function xmlResponse(status: number, xml: string, requestId: string, extra: Record<string, string>): HttpResponse {
  const body = Buffer.from(xml, 'utf8');
  return {
    status,
    headers: { 'Content-Type': 'text/xml', 'Content-Length': String(body.length), 'x-amzn-RequestId': requestId, ...extra },
    body,
  };
}
