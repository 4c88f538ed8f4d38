import type { Readable } from 'node:stream';

/**
 * The framework-free request every phase of the gateway sees. The node:http edge
 * (gateway/node-adapter.ts) builds it; tests can build it directly.
 */
export interface HttpRequest {
  method: string;
  /** Raw path exactly as received, still percent-encoded, without the query string. */
  path: string;
  /** Raw query string exactly as received, without the leading '?'. */
  query: string;
  /** Header names lower-cased; repeated headers joined with ','. */
  headers: Record<string, string>;
  /**
   * The body, buffered. Empty when `stream` is set (S3 object uploads stream instead of buffering).
   */
  body: Buffer;
  /** Set only for requests whose payload is streamed to its handler (S3 PutObject, UploadPart). */
  stream?: Readable;
}

export type HttpBody = Buffer | Readable;

export interface HttpResponse {
  status: number;
  /** Header names as they should be sent. */
  headers: Record<string, string>;
  body: HttpBody;
}

/** The wire protocols hsmtrail speaks, named as in the AWS service models' metadata.protocol. */
export type Protocol = 'json' | 'query' | 'ec2' | 'rest-xml';
