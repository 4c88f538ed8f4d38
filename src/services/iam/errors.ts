import { ServiceError } from '../../errors/service-error.js';
import { PolicyValidationError } from '../../identity/policy/index.js';

/** IAM's error codes with their modelled HTTP status. */
export const noSuchEntity = (message: string) => new ServiceError('NoSuchEntity', message, { status: 404 });
export const entityAlreadyExists = (message: string) => new ServiceError('EntityAlreadyExists', message, { status: 409 });
export const limitExceeded = (message: string) => new ServiceError('LimitExceeded', message, { status: 409 });
export const deleteConflict = (message: string) => new ServiceError('DeleteConflict', message, { status: 409 });
export const invalidInput = (message: string) => new ServiceError('InvalidInput', message, { status: 400 });
export const validationError = (message: string) => new ServiceError('ValidationError', message, { status: 400 });
export const passwordPolicyViolation = (message: string) => new ServiceError('PasswordPolicyViolation', message, { status: 400 });
export const invalidUserType = (message: string) => new ServiceError('InvalidUserType', message, { status: 400 });
export const malformedPolicy = (message: string) => new ServiceError('MalformedPolicyDocument', message, { status: 400 });

/** The policy engine's validation failures as IAM reports them. */
export function policyError(err: unknown): never {
  if (err instanceof PolicyValidationError) {
    throw err.code === 'LimitExceeded' ? limitExceeded(err.message) : malformedPolicy(err.message);
  }
  throw err;
}

export const userNotFound = (name: string) => noSuchEntity(`The user with name ${name} cannot be found.`);
export const roleNotFound = (name: string) => noSuchEntity(`The role with name ${name} cannot be found.`);
export const groupNotFound = (name: string) => noSuchEntity(`The group with name ${name} cannot be found.`);
export const policyNotFound = (arn: string) => noSuchEntity(`Policy ${arn} was not found.`);
export const invalidAuthenticationCode = () =>
  new ServiceError('InvalidAuthenticationCode', 'Authentication code for device is not valid.', { status: 403 });
export const mfaDeviceNotFound = (serial: string) => noSuchEntity(`VirtualMFADevice with serial number ${serial} doesn't exist.`);
