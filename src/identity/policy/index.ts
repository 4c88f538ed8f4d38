/** Public surface of the IAM policy engine (pure: no I/O). */
export { parsePolicy, PolicyValidationError, type ParseOptions } from './parse.js';
export { evaluate, evaluateResourcePolicyForService } from './evaluate.js';
export { accessDeniedMessage, type DenyMessageInput } from './deny-message.js';
export { sizeLimit, policySize, type SizeLimit, type SizeLimitedDocument } from './limits.js';
export { AWS_MANAGED_POLICIES, awsManagedPolicy, findAwsManagedPolicy, type AwsManagedPolicy } from './managed-policies.js';
export { requestPrincipalFrom } from './request-principal.js';
export type * from './types.js';
