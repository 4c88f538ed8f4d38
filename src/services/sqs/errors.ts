/**
 * SQS's errors, by their model shape names; the JSON codec adds each one's legacy query code
 * (`x-amzn-query-error`, e.g. AWS.SimpleQueueService.NonExistentQueue). Messages follow the SQS API Reference's
 * wording where it publishes one.
 */
import { ServiceError } from '../../errors/service-error.js';

export const queueDoesNotExist = () => new ServiceError('QueueDoesNotExist', 'The specified queue does not exist.');
export const queueNameExists = (name: string) =>
  new ServiceError('QueueNameExists', `A queue already exists with the same name and a different value for attributes: ${name}`);
export const invalidAttributeName = (name: string) => new ServiceError('InvalidAttributeName', `Unknown Attribute ${name}.`);
export const invalidAttributeValue = (message: string) => new ServiceError('InvalidAttributeValue', message);
export const receiptHandleIsInvalid = (handle: string) =>
  new ServiceError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`);
export const messageNotInflight = () =>
  new ServiceError('MessageNotInflight', 'Message does not exist or is not available for visibility timeout change.');
export const emptyBatch = () => new ServiceError('EmptyBatchRequest', 'There should be at least one entry in the request.');
export const tooManyEntries = (n: number) =>
  new ServiceError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are 10. You have sent ${n}.`);
export const idsNotDistinct = (id: string) => new ServiceError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`);
export const invalidBatchEntryId = () =>
  new ServiceError(
    'InvalidBatchEntryId',
    'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
  );
export const batchTooLong = (size: number) =>
  new ServiceError('BatchRequestTooLong', `Batch requests cannot be longer than 1048576 bytes. You have sent ${size} bytes.`);
export const invalidParameterValue = (message: string) => new ServiceError('InvalidParameterValue', message);
export const missingParameter = (name: string) => new ServiceError('MissingParameter', `The request must contain the parameter ${name}.`);
export const invalidMessageContents = () => new ServiceError('InvalidMessageContents', 'Invalid characters found in the message body.');
export const unsupportedOperation = (message: string) => new ServiceError('UnsupportedOperation', message);
