/**
 * Requests for AWS services hsmtrail does not host (SNS, DynamoDB, KMS, ...). They are answered in the
 * protocol their client reads, so SDKs and the CLI show the message instead of an unparseable S3 error.
 */
import { ServiceError } from '../errors/service-error.js';
import { codecFor, type Codec } from './codec.js';
import type { ServiceModel } from './model.js';

/** A model with no operations: only its error envelope is ever used. */
const envelope = (protocol: 'json' | 'query'): ServiceModel => ({
  metadata: { protocol, apiVersion: '', serviceId: 'unhosted', endpointPrefix: '', signingName: '' },
  operations: {},
  shapes: {},
});

const ENVELOPES = { json: envelope('json'), query: envelope('query') };

export function unhostedCodec(protocol: 'json' | 'query'): Codec {
  return codecFor(ENVELOPES[protocol]);
}

/**
 * No AWS error fits a service that is not there; the closest are the common "unknown operation" errors,
 * both 400 client faults: awsJson's `UnknownOperationException` and the query APIs' `InvalidAction`
 * ("The action or operation requested is invalid", AWS common errors,
 * https://docs.aws.amazon.com/cloudsearch/latest/developerguide/CommonErrors.html). The message names
 * the service asked for and the ones served.
 */
export function serviceNotHosted(protocol: 'json' | 'query', service: string, hosted: string[]): ServiceError {
  const code = protocol === 'json' ? 'UnknownOperationException' : 'InvalidAction';
  return new ServiceError(code, `Service ${service} is not hosted by hsmtrail; it serves ${hosted.join(', ')}`, { status: 400 });
}
