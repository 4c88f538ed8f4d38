import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { ADMIN_SIGNING_NAME, ADMIN_TARGET_PREFIX } from '../services/admin/model.js';

export interface EndpointOptions {
  endpoint?: string;
  region?: string;
  profile?: string;
  /** Instead of the usual AWS credential sources (an offline command signs with the data dir's root keys). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Instead of the network (an offline command hands the request to an in-process gateway). */
  fetch?: typeof fetch;
}

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4599';

export function resolveEndpoint(opts: EndpointOptions): string {
  return opts.endpoint ?? process.env.AWS_ENDPOINT_URL ?? DEFAULT_ENDPOINT;
}

/**
 * Calls hsmtrail's admin API on a running server, signed with SigV4 from the usual AWS credential
 * sources (environment variables, profile, ...), exactly like any AWS SDK call.
 */
export async function callAdmin<T>(operation: string, input: Record<string, unknown>, opts: EndpointOptions): Promise<T> {
  const res = await sendAdmin(operation, input, opts);
  const text = await res.text();
  return (text ? JSON.parse(text) : {}) as T;
}

/** An admin operation whose answer is a stream of JSON lines (FollowEvents): yields each line, parsed. */
export async function* streamAdmin<T>(
  operation: string,
  input: Record<string, unknown>,
  opts: EndpointOptions,
  signal?: AbortSignal,
): AsyncGenerator<T> {
  const res = await sendAdmin(operation, input, opts, signal);
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of res.body ?? []) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line) yield JSON.parse(line) as T;
    }
  }
}

/** Signs and sends one admin call; a non-2xx answer becomes an Error with the server's code and message. */
async function sendAdmin(
  operation: string,
  input: Record<string, unknown>,
  opts: EndpointOptions,
  signal?: AbortSignal,
): Promise<Response> {
  const endpoint = new URL(resolveEndpoint(opts));
  const region = opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const credentials =
    opts.credentials ??
    (await defaultProvider({ profile: opts.profile })().catch(() => {
      throw new Error(
        'no AWS credentials found: export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (see `hsmtrail credentials`) or set AWS_PROFILE',
      );
    }));
  const signer = new SignatureV4({ service: ADMIN_SIGNING_NAME, region, credentials, sha256: Hash.bind(null, 'sha256') });
  const body = JSON.stringify(input);
  const request = await signer.sign({
    method: 'POST',
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    port: endpoint.port ? Number(endpoint.port) : undefined,
    path: '/',
    headers: {
      host: endpoint.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `${ADMIN_TARGET_PREFIX}.${operation}`,
    },
    body,
  });
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(new URL('/', endpoint), { method: 'POST', headers: request.headers, body, signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new Error(`cannot reach hsmtrail at ${endpoint.origin}: is the server running? (set --endpoint or AWS_ENDPOINT_URL)`);
  }
  if (!res.ok) {
    const text = await res.text();
    const json = parseOrEmpty(text);
    const code = String(json.__type ?? res.status)
      .split('#')
      .pop();
    throw new Error(`${operation} failed: ${code}: ${json.message ?? json.Message ?? text}`);
  }
  return res;
}

function parseOrEmpty(text: string): Record<string, unknown> {
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
