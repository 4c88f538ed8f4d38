/**
 * IAM's checks on the shape of Resource / NotResource entries, with its MalformedPolicyDocument
 * messages. Order and wording follow IAM's observed behaviour (as mirrored by moto's
 * policy_validation.py, which was recorded against AWS).
 */

const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);

const IAM_PATH_PREFIXES = [
  'user/',
  'federated-user/',
  'role/',
  'group/',
  'instance-profile/',
  'mfa/',
  'server-certificate/',
  'policy/',
  'sms-mfa/',
  'saml-provider/',
  'oidc-provider/',
  'report/',
  'access-report/',
];

/** Returns IAM's error message for a malformed resource, or undefined when it is acceptable. */
export function resourceFormatError(resource: string): string | undefined {
  if (resource === '*') return undefined;
  const fields = resource.split(':');
  if (fields.length < 2) return `Resource ${resource} must be in ARN format or "*".`;
  const partition = fields[1]!;
  if (partition !== '*' && !PARTITIONS.has(partition)) {
    const at = (i: number): string => (fields[i] !== undefined && (fields[i] !== '' || fields.length > i + 1) ? fields[i]! : '*');
    const tail = fields.length > 5 ? fields.slice(5).join(':') : '*';
    return `Partition "${partition}" is not valid for resource "arn:${partition}:${at(2)}:${at(3)}:${at(4)}:${tail}".`;
  }
  if (fields.length < 3) return 'Resource vendor must be fully qualified and cannot contain regexes.';
  const [, , service, region = '', , ...rest] = fields;
  const relative = rest.join(':');
  if (service === 'iam' && region !== '') return `IAM resource ${resource} cannot contain region information.`;
  if (service === 's3' && region !== '' && !relative.startsWith('accesspoint/')) {
    return `Resource ${resource} can not contain region information.`;
  }
  if (service === 'iam' && fields.length >= 6 && relative !== '*' && !IAM_PATH_PREFIXES.some((p) => relative.startsWith(p))) {
    return `IAM resource path must either be "*" or start with ${IAM_PATH_PREFIXES.join(', ')}.`;
  }
  return undefined;
}

/** IAM's "legacy parser" rejects ARNs with `::` but fewer than six fields, and empty services. */
export function failsLegacyParsing(resource: string): boolean {
  if (resource === '*') return false;
  const colons = resource.split(':').length - 1;
  return (colons < 5 && resource.includes('::')) || resource.split(':')[2] === '';
}
