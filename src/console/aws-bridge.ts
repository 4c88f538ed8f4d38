import * as cloudhsm from '@aws-sdk/client-cloudhsm-v2';
import * as cloudtrail from '@aws-sdk/client-cloudtrail';
import * as ec2 from '@aws-sdk/client-ec2';
import * as iam from '@aws-sdk/client-iam';
import * as s3 from '@aws-sdk/client-s3';
import * as sts from '@aws-sdk/client-sts';
import type { Gateway } from '../gateway/pipeline.js';
import type { TlsDetails } from '../gateway/context.js';
import { inProcessHandler } from '../gateway/in-process.js';
import { adminCall, CONSOLE_ADMIN_OPERATIONS } from './admin-call.js';

/** The browser's connection: the gateway records these facts, not the console's. */
export interface BrowserConn {
  sourceIp: string;
  userAgent: string;
  tls?: TlsDetails;
}

type Module = Record<string, unknown>;
export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}
interface SdkClient {
  send(command: unknown): Promise<Record<string, unknown>>;
  destroy(): void;
}
type ClientCtor = new (config: Record<string, unknown>) => SdkClient;

/** The services the console calls, by the path segment the SPA names them with. */
const SERVICES: Record<string, { module: Module; client: string; config?: Record<string, unknown> }> = {
  cloudhsmv2: { module: cloudhsm, client: 'CloudHSMV2Client' },
  cloudtrail: { module: cloudtrail, client: 'CloudTrailClient' },
  ec2: { module: ec2, client: 'EC2Client' },
  iam: { module: iam, client: 'IAMClient' },
  // Path-style: the in-process endpoint is an address, not a DNS name a bucket could be a label of.
  s3: { module: s3, client: 'S3Client', config: { forcePathStyle: true } },
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

  /** `region`: another region to call than the console's (validated by the backend); IAM decides as for any call. */
  async call(
    service: string,
    operation: string,
    input: Record<string, unknown>,
    credentials: SessionCredentials,
    conn: BrowserConn,
    region?: string,
  ) {
    if (service === 'hsmtrail') {
      if (!CONSOLE_ADMIN_OPERATIONS.has(operation))
        throw new ConsoleApiError(400, 'InvalidAction', `The action ${operation} is not valid for this web service.`);
      return adminCall(operation, input, { region: this.region, endpoint: this.endpoint, credentials, handler: this.handler(conn) });
    }
    const svc = Object.hasOwn(SERVICES, service) ? SERVICES[service] : undefined;
    const Command =
      /^[A-Z][A-Za-z0-9]{1,80}$/.test(operation) && svc
        ? (svc.module[`${operation}Command`] as (new (input: unknown) => unknown) | undefined)
        : undefined;
    if (!svc || typeof Command !== 'function')
      throw new ConsoleApiError(400, 'InvalidAction', `The action ${operation} is not valid for this web service.`);
    const Client = svc.module[svc.client] as ClientCtor;
    const client = new Client({ ...this.clientConfig(credentials, conn, region), ...svc.config });
    try {
      const { $metadata: _meta, ...output } = await client.send(new Command(reviveDates(input)));
      return blobsAsBase64(output) as Record<string, unknown>;
    } catch (err) {
      const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $fault?: string };
      // No response behind it (the SDK failed before sending): nothing reached the gateway, so nothing to record.
      if (!e.$metadata) throw new ConsoleApiError(500, 'InternalFailure', 'The console could not send the request.');
      throw new ConsoleApiError(e.$metadata.httpStatusCode ?? 500, e.name ?? 'InternalFailure', e.message ?? '');
    } finally {
      client.destroy();
    }
  }

  /** An SDK client's config for this session: its credentials, the browser's connection, no retries. */
  clientConfig(credentials: SessionCredentials, conn: BrowserConn, region = this.region) {
    return { region, endpoint: this.endpoint, credentials, requestHandler: this.handler(conn), maxAttempts: 1 };
  }

  private handler(conn: BrowserConn) {
    return inProcessHandler(this.gateway, conn);
  }
}

/** JSON has no dates: time-range members (StartTime, EndTime) arrive as ISO strings. */
function reviveDates(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input };
  for (const k of ['StartTime', 'EndTime']) if (typeof out[k] === 'string') out[k] = new Date(out[k] as string);
  return out;
}

/** JSON has no bytes either: blobs (a virtual MFA device's seed and QR code PNG) go to the page as base64. */
function blobsAsBase64(v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(blobsAsBase64);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, blobsAsBase64(x)]));
  }
  return v;
}
