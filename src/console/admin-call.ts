import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import type { SdkRequestHandler } from '../gateway/in-process.js';
import { ADMIN_SIGNING_NAME, ADMIN_TARGET_PREFIX } from '../services/admin/model.js';
import { ConsoleApiError, type SessionCredentials } from './aws-bridge.js';

/**
 * The admin API operations a console page may call: the event search, and activating an initialized
 * cluster (on AWS a crypto officer does that on the HSM; here it is `hsmtrail:ActivateCluster`). Nothing
 * that streams or flushes.
 */
export const CONSOLE_ADMIN_OPERATIONS = new Set(['SearchEvents', 'ActivateCluster']);

/** Time members the page sends as ISO strings; awsJson1_1 carries epoch seconds. */
const TIME_MEMBERS = ['Since', 'Until'];

interface AdminCallOptions {
  region: string;
  endpoint: string;
  credentials: SessionCredentials;
  handler: SdkRequestHandler;
}

/**
 * One call to hsmtrail's admin API (awsJson1_1, SigV4 signing name `hsmtrail`), signed with the
 * session's credentials and handed to the gateway in-process like every SDK call the console makes,
 * so it is authenticated, IAM-authorized (`hsmtrail:<Operation>`) and recorded.
 */
export async function adminCall(operation: string, input: Record<string, unknown>, opts: AdminCallOptions) {
  const body = JSON.stringify(wireInput(input));
  const url = new URL(opts.endpoint);
  const signer = new SignatureV4({
    service: ADMIN_SIGNING_NAME,
    region: opts.region,
    credentials: opts.credentials,
    sha256: Hash.bind(null, 'sha256'),
  });
  const request: HttpRequest = {
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${ADMIN_TARGET_PREFIX}.${operation}` },
    query: {},
    body,
  };
  const { response } = await opts.handler.handle(await signer.sign(request));
  const text = await readText(response.body);
  const json = parse(text);
  if (response.statusCode >= 300) {
    const code = String(json['__type'] ?? 'InternalFailure')
      .split('#')
      .pop()!;
    throw new ConsoleApiError(response.statusCode, code, String(json['message'] ?? json['Message'] ?? ''));
  }
  return json;
}

function wireInput(input: Record<string, unknown>): Record<string, unknown> {
  const out = { ...input };
  for (const k of TIME_MEMBERS) {
    if (typeof out[k] === 'string') out[k] = Math.floor(new Date(out[k] as string).getTime() / 1000);
  }
  return out;
}

async function readText(body: unknown): Promise<string> {
  if (!body) return '';
  const chunks: Buffer[] = [];
  for await (const c of body as AsyncIterable<Buffer | string>) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

function parse(text: string): Record<string, unknown> {
  try {
    const v: unknown = text ? JSON.parse(text) : {};
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
