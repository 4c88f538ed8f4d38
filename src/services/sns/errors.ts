/**
 * SNS's query error codes (the model's `error.code`: NotFound, InvalidParameter...), with the wording of the
 * SNS API Reference and of AWS's answers ("Invalid parameter: TopicArn").
 */
import { ServiceError } from '../../errors/service-error.js';

export const invalidParameter = (what: string) => new ServiceError('InvalidParameter', `Invalid parameter: ${what}`, { status: 400 });
export const topicNotFound = () => new ServiceError('NotFound', 'Topic does not exist', { status: 404 });
export const subscriptionNotFound = () => new ServiceError('NotFound', 'Subscription does not exist', { status: 404 });
export const resourceNotFound = () => new ServiceError('ResourceNotFound', 'Resource does not exist', { status: 404 });
export const tagLimitExceeded = () =>
  new ServiceError('TagLimitExceeded', 'Could not complete request: tag quota of per resource exceeded', { status: 400 });
export const authorizationError = (message: string) => new ServiceError('AuthorizationError', message, { status: 403 });
