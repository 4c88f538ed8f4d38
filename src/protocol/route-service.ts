/**
 * Which hosted service a request is for, in LocalStack's order of evidence: the SigV4 credential scope's
 * signing name, then X-Amz-Target, then the query `Action` (STS vs IAM vs EC2 by action name), then the host,
 * and S3 for anything else (S3 paths are arbitrary).
 */
import type { HttpRequest, Protocol } from './http.js';
import { model as ec2 } from './generated/ec2.js';
import { model as iam } from './generated/iam.js';
import { model as sts } from './generated/sts.js';

export type ServiceName = 'cloudhsmv2' | 'cloudtrail' | 'sts' | 'iam' | 's3' | 'ec2' | 'admin';

export interface ServiceRoute {
  service: ServiceName;
  protocol: Protocol;
  region?: string;
}

const PROTOCOLS: Record<ServiceName, Protocol> = {
  cloudhsmv2: 'json', cloudtrail: 'json', sts: 'query', iam: 'query', s3: 'rest-xml', ec2: 'ec2', admin: 'json',
};

const SIGNING_NAMES: Record<string, ServiceName> = {
  cloudhsm: 'cloudhsmv2', cloudhsmv2: 'cloudhsmv2', cloudtrail: 'cloudtrail', sts: 'sts', iam: 'iam', s3: 's3', ec2: 'ec2',
  // hsmtrail's own admin API (src/services/admin/model.ts)
  hsmtrail: 'admin',
};

const TARGET_PREFIXES: [string, ServiceName][] = [
  ['BaldrApiService.', 'cloudhsmv2'],
  ['com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.', 'cloudtrail'],
  ['CloudTrail_20131101.', 'cloudtrail'],
  ['HsmTrailAdmin_20261101.', 'admin'],
];

const ACTIONS = new Map<string, ServiceName>([
  ...Object.keys(ec2.operations).map((a): [string, ServiceName] => [a, 'ec2']),
  ...Object.keys(iam.operations).map((a): [string, ServiceName] => [a, 'iam']),
  ...Object.keys(sts.operations).map((a): [string, ServiceName] => [a, 'sts']),
]);

const CREDENTIAL_RE = /Credential=([^,\s]+)/;

export function identifyService(req: HttpRequest): ServiceRoute | undefined {
  const scope = credentialScope(req);
  const route = (service: ServiceName): ServiceRoute => ({ service, protocol: PROTOCOLS[service], region: scope?.region });
  if (scope) {
    const service = SIGNING_NAMES[scope.service];
    return service ? route(service) : undefined;
  }
  const target = req.headers['x-amz-target'];
  if (target) {
    const hit = TARGET_PREFIXES.find(([prefix]) => target.startsWith(prefix));
    if (hit) return route(hit[1]);
  }
  const action = formAction(req);
  if (action && ACTIONS.has(action)) return route(ACTIONS.get(action)!);
  return route('s3');
}

/** `{ service, region }` from `Credential=AKID/DATE/REGION/SERVICE/aws4_request` (header or presigned query). */
export function credentialScope(req: HttpRequest): { region: string; service: string } | undefined {
  const auth = req.headers.authorization;
  let credential = auth ? CREDENTIAL_RE.exec(auth)?.[1] : undefined;
  if (!credential && req.query.includes('X-Amz-Credential')) {
    credential = new URLSearchParams(req.query).get('X-Amz-Credential') ?? undefined;
  }
  const parts = credential?.split('/');
  if (!parts || parts.length < 5) return undefined;
  return { region: parts[parts.length - 3], service: parts[parts.length - 2] };
}

function formAction(req: HttpRequest): string | undefined {
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
