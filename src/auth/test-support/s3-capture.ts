/** Runs a real @aws-sdk/client-s3 command against a handler that captures the signed wire request. */
import { Readable } from 'node:stream';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { HttpRequest } from '../../protocol/http.js';
import { wireQuery } from './signer.js';

interface SmithyRequest {
  method: string;
  path: string;
  query: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

async function readAll(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string' || body instanceof Uint8Array) return Buffer.from(body as string);
  const parts: Buffer[] = [];
  for await (const part of body as Readable) parts.push(Buffer.from(part as Buffer));
  return Buffer.concat(parts);
}

/** The request as it would reach the gateway: raw body kept as a stream, not buffered. */
export interface CapturedRequest {
  request: HttpRequest;
  wireBody: Buffer;
}

export async function captureS3(
  send: (client: S3Client) => Promise<unknown>,
  config: Partial<S3ClientConfig> = {},
): Promise<CapturedRequest> {
  let captured: CapturedRequest | undefined;
  const requestHandler = {
    async handle(req: SmithyRequest) {
      const wireBody = await readAll(req.body);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = String(v);
      captured = {
        wireBody,
        request: {
          method: req.method,
          path: req.path,
          query: wireQuery(req.query),
          headers,
          body: Buffer.alloc(0),
          stream: Readable.from([wireBody]),
        },
      };
      return { response: { statusCode: 200, headers: { etag: '"x"' }, body: Readable.from([]) } };
    },
  };
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: 'https://s3.localhost.test',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    requestHandler,
    ...config,
  } as S3ClientConfig);
  await send(client);
  if (!captured) throw new Error('no request captured');
  return captured;
}
