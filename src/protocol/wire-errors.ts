/**
 * Every error the codecs raise for bad input, with the code, status and wording each protocol's real service
 * uses. Decisions where AWS is not uniform:
 * - Query (IAM/STS) missing required member: `ValidationError` "... Value null at 'userName' ... Member must
 *   not be null" — what IAM and STS answer (the CLI hides it by validating client-side).
 * - Query with no or unknown Version: `InvalidAction` "Could not find operation X for version V", as AWS's
 *   query front end answers ("NO_VERSION_SPECIFIED" when absent).
 * - EC2 follows its own vocabulary: InvalidAction, MissingParameter, InvalidParameterValue.
 */
import { ServiceError } from '../errors/service-error.js';
import type { Problem } from './validate.js';

export function validationSummary(problems: Problem[]): string {
  const n = problems.length;
  const head = `${n} validation error${n === 1 ? '' : 's'} detected: `;
  return head + problems.map((p) => p.message).join('; ');
}

export const jsonErrors = {
  serialization: (message: string) => new ServiceError('SerializationException', message),
  validation: (problems: Problem[]) => new ServiceError('ValidationException', validationSummary(problems)),
  unknownOperation: () => new ServiceError('UnknownOperationException', ''),
};

export const queryErrors = {
  invalidAction: (action: string) => new ServiceError('InvalidAction', `The action ${action} is not valid for this web service.`),
  wrongVersion: (action: string, version: string | undefined) =>
    new ServiceError('InvalidAction', `Could not find operation ${action} for version ${version ?? 'NO_VERSION_SPECIFIED'}`),
  missingAction: () => new ServiceError('MissingAction', 'Missing Action'),
  validation: (problems: Problem[]) => new ServiceError('ValidationError', validationSummary(problems)),
  badValue: (param: string, value: string, expected: string) =>
    new ServiceError('ValidationError', `Invalid value '${value}' for parameter ${param}: expected ${expected}`),
};

/**
 * A parameter name no model could contain (query and EC2 alike): AWS's common `InvalidQueryParameter`,
 * "The AWS query string is malformed or does not adhere to AWS standards", 400 (AWS common errors,
 * https://docs.aws.amazon.com/cloudsearch/latest/developerguide/CommonErrors.html).
 */
export const invalidQueryParameter = (detail: string) =>
  new ServiceError('InvalidQueryParameter', `The AWS query string is malformed or does not adhere to AWS standards: ${detail}`);

export const ec2Errors = {
  invalidAction: (action: string) => new ServiceError('InvalidAction', `The action ${action} is not valid for this web service.`),
  missingAction: () => new ServiceError('MissingAction', 'The request must contain the parameter Action'),
  missingParameter: (param: string) => new ServiceError('MissingParameter', `The request must contain the parameter ${param}`),
  invalidValue: (param: string, value: string, why: string) =>
    new ServiceError('InvalidParameterValue', `Value (${value}) for parameter ${param} is invalid. ${why}`),
  unknownParameter: (param: string) => new ServiceError('UnknownParameter', `The parameter ${param} is not recognized`),
};

export const s3Errors = {
  malformedXml: () =>
    new ServiceError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema'),
  invalidArgument: (name: string, value: string, message: string) =>
    new ServiceError('InvalidArgument', message, { fields: { ArgumentName: name, ArgumentValue: value } }),
  invalidUri: () => new ServiceError('InvalidURI', "Couldn't parse the specified URI."),
  methodNotAllowed: (method: string) =>
    new ServiceError('MethodNotAllowed', 'The specified method is not allowed against this resource.', {
      status: 405,
      fields: { Method: method, ResourceType: 'OBJECT' },
    }),
};
