/**
 * Which hosted service a request is for, in LocalStack's order of evidence: the SigV4 credential scope's
 * signing name, then X-Amz-Target, then the query `Action` (STS vs IAM vs EC2 by action name), then the host,
 * and S3 for anything else (S3 paths are arbitrary). A request that names a service hsmtrail does not host
 * (by its scope or its X-Amz-Target) is an UnhostedRoute, answered in the protocol its client speaks.
 */
import type { HttpRequest, Protocol } from './http.js';
import { model as ec2 } from './generated/ec2.js';
import { model as iam } from './generated/iam.js';
import { model as sts } from './generated/sts.js';

export type ServiceName = 'cloudhsmv2' | 'cloudtrail' | 'sts' | 'iam' | 's3' | 'ec2' | 'sqs' | 'sns' | 'events' | 'admin';

export interface ServiceRoute {
  service: ServiceName;
  protocol: Protocol;
  region?: string;
}

const PROTOCOLS: Record<ServiceName, Protocol> = {
  cloudhsmv2: 'json',
  cloudtrail: 'json',
  sts: 'query',
  iam: 'query',
  s3: 'rest-xml',
  ec2: 'ec2',
  sqs: 'json',
  sns: 'query',
  events: 'json',
  admin: 'json',
};

const SIGNING_NAMES: Record<string, ServiceName> = {
  cloudhsm: 'cloudhsmv2',
  cloudhsmv2: 'cloudhsmv2',
  cloudtrail: 'cloudtrail',
  sts: 'sts',
  iam: 'iam',
  s3: 's3',
  ec2: 'ec2',
  sqs: 'sqs',
  sns: 'sns',
  events: 'events',
  // hsmtrail's own admin API (src/services/admin/model.ts)
  hsmtrail: 'admin',
};

const TARGET_PREFIXES: [string, ServiceName][] = [
  ['BaldrApiService.', 'cloudhsmv2'],
  ['com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.', 'cloudtrail'],
  ['CloudTrail_20131101.', 'cloudtrail'],
  ['HsmTrailAdmin_20261101.', 'admin'],
  // SQS's JSON 1.0 protocol (botocore and SDK v3 since 2023); its legacy query protocol is not served.
  ['AmazonSQS.', 'sqs'],
  // EventBridge (JSON 1.1)
  ['AWSEvents.', 'events'],
];

const ACTIONS = new Map<string, ServiceName>([
  ...Object.keys(ec2.operations).map((a): [string, ServiceName] => [a, 'ec2']),
  ...Object.keys(iam.operations).map((a): [string, ServiceName] => [a, 'iam']),
  ...Object.keys(sts.operations).map((a): [string, ServiceName] => [a, 'sts']),
  // An SNS message's SubscribeURL and UnsubscribeURL are plain GETs, with no credential scope to route by.
  ['ConfirmSubscription', 'sns'],
  ['Unsubscribe', 'sns'],
]);

/** A request for an AWS service hsmtrail does not serve, named as the request names it. */
export interface UnhostedRoute {
  unhosted: string;
  protocol: 'json' | 'query';
  region?: string;
}

const CREDENTIAL_RE = /Credential=([^,\s]+)/;

export function identifyService(req: HttpRequest): ServiceRoute | UnhostedRoute {
  const scope = credentialScope(req);
  const route = (service: ServiceName): ServiceRoute => ({ service, protocol: PROTOCOLS[service], region: scope?.region });
  if (scope) {
    const service = SIGNING_NAMES[scope.service];
    return service ? route(service) : { unhosted: scope.service, protocol: clientProtocol(req), region: scope.region };
  }
  const target = req.headers['x-amz-target'];
  if (target) {
    const hit = TARGET_PREFIXES.find(([prefix]) => target.startsWith(prefix));
    if (hit) return route(hit[1]);
    return { unhosted: target.split('.')[0] || target, protocol: 'json' };
  }
  const action = formAction(req);
  if (action && ACTIONS.has(action)) return route(ACTIONS.get(action)!);
  return route('s3');
}

export function isUnhosted(route: ServiceRoute | UnhostedRoute): route is UnhostedRoute {
  return 'unhosted' in route;
}

/**
 * The protocol a client of an unhosted service reads errors in: X-Amz-Target means awsJson (DynamoDB, KMS,
 * SQS), a form-encoded or query-string `Action` means awsQuery (CloudFormation); anything else is most likely restJson
 * (Lambda), whose clients read the same `x-amzn-ErrorType` header and `message` member as awsJson's. Decided
 * from headers and query alone: the body is not read yet when a request is identified.
 */
function clientProtocol(req: HttpRequest): 'json' | 'query' {
  if (req.headers['x-amz-target']) return 'json';
  const form = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  return form || new URLSearchParams(req.query).has('Action') ? 'query' : 'json';
}

/**
 * `{ service, region }` from `Credential=AKID/DATE/REGION/SERVICE/aws4_request` (header or presigned query).
 * Only a well-formed credential (five non-empty elements) names a service: a malformed one routes by the
 * other evidence, so that verification answers it in that service's protocol (IncompleteSignature,
 * AuthorizationHeaderMalformed) instead of guessing a service from a misplaced element.
 */
export function credentialScope(req: HttpRequest): { region: string; service: string } | undefined {
  const auth = req.headers.authorization;
  let credential = auth ? CREDENTIAL_RE.exec(auth)?.[1] : undefined;
  if (!credential && req.query.includes('X-Amz-Credential')) {
    credential = new URLSearchParams(req.query).get('X-Amz-Credential') ?? undefined;
  }
  const parts = credential?.split('/');
  if (!parts || parts.length !== 5 || parts.some((p) => p === '')) return undefined;
  return { region: parts[2]!, service: parts[3]! };
}

/** The awsQuery `Action` of a request: in its query string, or in a form-encoded POST body. */
export function formAction(req: HttpRequest): string | undefined {
  const fromQuery = req.query.includes('Action=') ? new URLSearchParams(req.query).get('Action') : null;
  if (fromQuery) return fromQuery;
  const type = req.headers['content-type'] ?? '';
  if (req.method !== 'POST' || !type.startsWith('application/x-www-form-urlencoded')) return undefined;
  return new URLSearchParams(req.body.toString('utf8')).get('Action') ?? undefined;
}

const VHOST_PATTERNS = [
  /^(.+)\.s3\.[a-z0-9-]+\.amazonaws\.com$/,
  /^(.+)\.s3\.amazonaws\.com$/,
  /^(.+)\.s3\.localhost(?:\.localstack\.cloud)?$/,
  /^(.+)\.localhost$/,
];

/** The bucket of a virtual-hosted-style S3 host (`BUCKET.localhost:4599`, `BUCKET.s3.REGION.amazonaws.com`). */
export function virtualHostBucket(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const name = host.toLowerCase().replace(/:\d+$/, '');
  for (const re of VHOST_PATTERNS) {
    const m = re.exec(name);
    // `s3.localhost` itself is the service endpoint, not a bucket called "s3".
    if (m && m[1] !== 's3') return m[1];
  }
  return undefined;
}
