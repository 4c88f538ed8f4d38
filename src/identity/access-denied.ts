import { ServiceError } from '../errors/service-error.js';
import type { Protocol } from '../protocol/http.js';
import { accessDeniedMessage, type Decision } from './policy/index.js';

/**
 * The access-denied error in each protocol's own words: JSON services (CloudHSM, CloudTrail) answer
 * `AccessDeniedException` with HTTP 400; query services (STS, IAM) `AccessDenied` 403 with IAM's
 * message; S3 a bare "Access Denied"; EC2 `UnauthorizedOperation`.
 */
export function accessDeniedError(protocol: Protocol | undefined, message: string): ServiceError {
  switch (protocol) {
    case 'json':
      return new ServiceError('AccessDeniedException', message, { status: 400 });
    case 'rest-xml':
      return new ServiceError('AccessDenied', 'Access Denied', { status: 403 });
    case 'ec2':
      return new ServiceError('UnauthorizedOperation', 'You are not authorized to perform this operation.', { status: 403 });
    default:
      return new ServiceError('AccessDenied', message, { status: 403 });
  }
}

export function deniedBy(
  protocol: Protocol | undefined,
  principalArn: string,
  action: string,
  resource: string,
  decision: Decision,
  service?: string,
): ServiceError {
  const message = accessDeniedMessage({ principalArn, action, resource, decision });
  // SNS answers denials with its own AuthorizationError (403), which SDKs raise as AuthorizationErrorException.
  if (service === 'sns') return new ServiceError('AuthorizationError', message, { status: 403 });
  return accessDeniedError(protocol, message);
}
