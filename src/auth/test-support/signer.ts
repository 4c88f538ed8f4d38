/**
 * Test oracle: sign requests with @smithy/signature-v4 (the signer inside every AWS SDK for JS v3
 * client) and turn them into the HttpRequest our verifier sees on the wire.
 */
import { createHash } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import type { HttpRequest } from '../../protocol/http.js';
import type { AccessKeyLookup, AccessKeyRecord } from '../../identity/credentials.js';
import type { Principal } from '../../identity/principal.js';
import { uriEscape } from '../canonical.js';

export const ACCOUNT = '111122223333';
export const NOW = new Date('2024-05-01T12:00:00Z');
export const REGION = 'us-east-1';

export const USER_KEY = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
export const SESSION_TOKEN = 'FwoGZXIvYXdzEXAMPLEsessiontoken//+==';
export const TEMP_KEY = {
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'tempSecretKeyEXAMPLE0123456789abcdefghij',
  sessionToken: SESSION_TOKEN,
};
export const INACTIVE_KEY = { accessKeyId: 'AKIAINACTIVEEXAMPLE1', secretAccessKey: 'inactiveSecretEXAMPLE0123456789abcdefghi' };

function principal(accessKeyId: string): Principal {
  return {
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLEUSERID0001',
    arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    accountId: ACCOUNT,
    accessKeyId,
    userName: 'alice',
    tags: {},
    sessionPolicies: [],
    userId: 'AIDAEXAMPLEUSERID0001',
    username: 'alice',
  };
}

export function testStore(expiration = new Date(NOW.getTime() + 3600_000)): AccessKeyLookup {
  const records: AccessKeyRecord[] = [
    { ...USER_KEY, status: 'Active', principal: principal(USER_KEY.accessKeyId) },
    { ...INACTIVE_KEY, status: 'Inactive', principal: principal(INACTIVE_KEY.accessKeyId) },
    {
      accessKeyId: TEMP_KEY.accessKeyId,
      secretAccessKey: TEMP_KEY.secretAccessKey,
      status: 'Active',
      sessionTokenSha256: createHash('sha256').update(SESSION_TOKEN).digest('hex'),
      expiration,
      principal: principal(TEMP_KEY.accessKeyId),
    },
  ];
  return { findAccessKey: async (id) => records.find((r) => r.accessKeyId === id) };
}

export interface RequestSpec {
  method?: string;
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string | Buffer;
  host?: string;
}

export interface SignSpec {
  service: string;
  s3?: boolean;
  region?: string;
  date?: Date;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  presign?: { expiresIn: number };
}

/** Serialize the query the way @smithy/querystring-builder puts it on the wire. */
export function wireQuery(query: Record<string, string | string[] | null>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === null) parts.push(uriEscape(key));
    else for (const v of Array.isArray(value) ? value : [value]) parts.push(`${uriEscape(key)}=${uriEscape(v)}`);
  }
  return parts.join('&');
}

export async function signRequest(spec: RequestSpec, sign: SignSpec): Promise<HttpRequest> {
  const body = typeof spec.body === 'string' ? Buffer.from(spec.body) : (spec.body ?? Buffer.alloc(0));
  const signer = new SignatureV4({
    credentials: sign.credentials ?? USER_KEY,
    region: sign.region ?? REGION,
    service: sign.service,
    sha256: Sha256,
    uriEscapePath: !sign.s3,
    applyChecksum: !!sign.s3,
  });
  const request = {
    method: spec.method ?? 'POST',
    protocol: 'https:',
    hostname: spec.host ?? `${sign.service}.${REGION}.amazonaws.com`,
    path: spec.path ?? '/',
    query: spec.query ?? {},
    headers: { host: spec.host ?? `${sign.service}.${REGION}.amazonaws.com`, ...(spec.headers ?? {}) },
    body,
  };
  const signed = sign.presign
    ? await signer.presign(request, { signingDate: sign.date ?? NOW, expiresIn: sign.presign.expiresIn })
    : await signer.sign(request, { signingDate: sign.date ?? NOW });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = String(value);
  return {
    method: signed.method,
    path: signed.path,
    query: wireQuery(signed.query as Record<string, string | string[] | null>),
    headers,
    body,
  };
}
