import { Readable } from 'node:stream';
import type { HttpHandlerOptions, HttpRequest as SdkRequest, HttpResponse as SdkResponse, RequestHandler } from '@smithy/types';
import * as cloudhsm from '@aws-sdk/client-cloudhsm-v2';
import * as cloudtrail from '@aws-sdk/client-cloudtrail';
import * as ec2 from '@aws-sdk/client-ec2';
import * as iam from '@aws-sdk/client-iam';
import * as sts from '@aws-sdk/client-sts';
import type { Gateway } from '../gateway/pipeline.js';
import type { TlsDetails } from '../gateway/context.js';

/** The browser's connection: the gateway records these facts, not the console's. */
export interface BrowserConn {
  sourceIp: string;
  userAgent: string;
  tls?: TlsDetails;
}

type Module = Record<string, unknown>;
interface SdkClient {
  send(command: unknown): Promise<Record<string, unknown>>;
  destroy(): void;
}
type ClientCtor = new (config: Record<string, unknown>) => SdkClient;

/** The services the console calls, by the path segment the SPA names them with. */
const SERVICES: Record<string, { module: Module; client: string }> = {
  cloudhsmv2: { module: cloudhsm, client: 'CloudHSMV2Client' },
  cloudtrail: { module: cloudtrail, client: 'CloudTrailClient' },
  ec2: { module: ec2, client: 'EC2Client' },
  iam: { module: iam, client: 'IAMClient' },
  sts: { module: sts, client: 'STSClient' },
};

export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Console actions are real AWS API calls: an AWS SDK v3 client signs each one with the session's
 * temporary credentials and its request handler passes the signed request to the gateway in-process
 * (no socket), so every action is SigV4-verified, IAM-authorized and recorded like a CLI call. The
 * source IP and TLS facts are the browser's connection, the user agent the browser's.
 */
export class AwsBridge {
  constructor(
    private readonly gateway: Gateway,
    private readonly region: string,
    private readonly endpoint: string,
  ) {}

  async call(
    service: string,
    operation: string,
    input: Record<string, unknown>,
    credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string },
    conn: BrowserConn,
  ) {
    const svc = Object.hasOwn(SERVICES, service) ? SERVICES[service] : undefined;
    const Command =
      /^[A-Z][A-Za-z0-9]{1,80}$/.test(operation) && svc
        ? (svc.module[`${operation}Command`] as (new (input: unknown) => unknown) | undefined)
        : undefined;
    if (!svc || typeof Command !== 'function')
      throw new ConsoleApiError(400, 'InvalidAction', `The action ${operation} is not valid for this web service.`);
    const Client = svc.module[svc.client] as ClientCtor;
    const client = new Client({
      region: this.region,
      endpoint: this.endpoint,
      credentials,
      requestHandler: this.handler(conn),
      maxAttempts: 1,
    });
    try {
      const { $metadata: _meta, ...output } = await client.send(new Command(reviveDates(input)));
      return output;
    } catch (err) {
      const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $fault?: string };
      // No response behind it (the SDK failed before sending): nothing reached the gateway, so nothing to record.
      if (!e.$metadata) throw new ConsoleApiError(500, 'InternalFailure', 'The console could not send the request.');
      throw new ConsoleApiError(e.$metadata.httpStatusCode ?? 500, e.name ?? 'InternalFailure', e.message ?? '');
    } finally {
      client.destroy();
    }
  }

  private handler(conn: BrowserConn): RequestHandler<SdkRequest, SdkResponse, HttpHandlerOptions> {
    const gateway = this.gateway;
    return {
      async handle(request: SdkRequest) {
        const body = await bodyBuffer(request.body);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(request.headers)) if (v !== undefined) headers[k.toLowerCase()] = String(v);
        // SigV4 never signs User-Agent, so the browser's may replace the SDK's.
        if (conn.userAgent) headers['user-agent'] = conn.userAgent;
        const res = await gateway.handle(
          { method: request.method, path: request.path, query: buildQuery(request.query), headers, body, stream: Readable.from([body]) },
          { sourceIp: conn.sourceIp, tls: conn.tls },
        );
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k.toLowerCase()] = String(v);
        const response: SdkResponse = {
          statusCode: res.status,
          headers: out,
          body: Buffer.isBuffer(res.body) ? Readable.from([res.body]) : res.body,
        };
        return { response };
      },
    };
  }
}

/** JSON has no dates: time-range members (StartTime, EndTime) arrive as ISO strings. */
function reviveDates(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input };
  for (const k of ['StartTime', 'EndTime']) if (typeof out[k] === 'string') out[k] = new Date(out[k] as string);
  return out;
}

function buildQuery(query: SdkRequest['query']): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === null || v === undefined) parts.push(enc(k));
    else if (Array.isArray(v)) for (const item of v) parts.push(`${enc(k)}=${enc(item)}`);
    else parts.push(`${enc(k)}=${enc(v)}`);
  }
  return parts.join('&');
}

async function bodyBuffer(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
