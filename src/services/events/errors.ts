/** EventBridge's errors, by their model shape names, with the wording of AWS's answers. */
import { ServiceError } from '../../errors/service-error.js';

export const validation = (message: string) => new ServiceError('ValidationException', message);
export const busNotFound = (name: string) => new ServiceError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
export const ruleNotFound = (name: string, bus: string) =>
  new ServiceError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${bus}.`);
export const invalidPattern = (message: string) => new ServiceError('InvalidEventPatternException', message);
export const limitExceeded = (message: string) => new ServiceError('LimitExceededException', message);
