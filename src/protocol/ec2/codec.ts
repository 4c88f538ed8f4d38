/** EC2's query dialect: `Filter.1.Value.1` input, `<XResponse><requestId>` output, `<Response><Errors>` errors. */
import type { ServiceError } from '../../errors/service-error.js';
import { xmlResponse } from '../aws-query/codec.js';
import type { Codec, ParsedRequest, ResponseMeta } from '../codec.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import type { ServiceModel } from '../model.js';
import { collectParams, decodeParams, ec2Flavor, type ParamFlavor } from '../shared/query-params.js';
import { escapeXml, writeMembers, type XmlFlavor } from '../shared/xml-write.js';
import { validateInput, type Problem } from '../validate.js';
import { ec2Errors } from '../wire-errors.js';

const XML_FLAVOR: XmlFlavor = { listMember: 'item' };
const PARAMS: ParamFlavor = {
  ...ec2Flavor,
  badValue: (param, value, expected) => ec2Errors.invalidValue(param, value, `Expected ${expected}.`),
};

export class Ec2Codec implements Codec {
  private readonly xmlns: string;

  constructor(readonly model: ServiceModel) {
    // The model's namespace lacks the trailing slash EC2 itself sends.
    this.xmlns = `http://ec2.amazonaws.com/doc/${model.metadata.apiVersion}/`;
  }

  /** EC2 serves many API versions at once, so Version is not checked against the model's. */
  parse(req: HttpRequest): ParsedRequest {
    const params = collectParams(req.method, req.headers['content-type'], req.body, req.query);
    const action = params.values.get('Action');
    if (!action) throw ec2Errors.missingAction();
    const op = Object.hasOwn(this.model.operations, action) ? this.model.operations[action] : undefined;
    if (!op) throw ec2Errors.invalidAction(action);
    if (!op.input) return { operation: op.name, input: {} };
    const input = decodeParams(this.model, this.model.shapes[op.input], params, PARAMS);
    const unknown = params.unrecognised();
    if (unknown.length) throw ec2Errors.unknownParameter(unknown[0]!);
    const problems = validateInput(this.model, op.input, input);
    if (problems.length) throw this.toError(problems[0]);
    return { operation: op.name, input };
  }

  serialize(operation: string, output: unknown, meta: ResponseMeta): HttpResponse {
    const op = this.model.operations[operation];
    const out: string[] = [`<${operation}Response xmlns="${this.xmlns}">`, `<requestId>${escapeXml(meta.requestId)}</requestId>`];
    if (op?.output) writeMembers(this.model, this.model.shapes[op.output], output, XML_FLAVOR, out);
    out.push(`</${operation}Response>`);
    return xmlResponse(200, out.join(''), meta.requestId, {});
  }

  serializeError(err: ServiceError, meta: ResponseMeta & { operation?: string }): HttpResponse {
    const body =
      `<Response><Errors><Error><Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message>` +
      `</Error></Errors><RequestID>${escapeXml(meta.requestId)}</RequestID></Response>`;
    return xmlResponse(err.status, body, meta.requestId, err.headers);
  }

  private toError(p: Problem): ServiceError {
    const param = p.path
      .split('.')
      .map((s) => s.charAt(0).toUpperCase() + s.slice(1))
      .join('.');
    return p.kind === 'required' ? ec2Errors.missingParameter(param) : ec2Errors.invalidValue(param, '', p.message);
  }
}
