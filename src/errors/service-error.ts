/**
 * The one error type services, auth and codecs throw. Each protocol's serializer renders it in that
 * protocol's envelope (JSON `__type`, query `<ErrorResponse>`, S3 `<Error>`), so a service never
 * knows which wire format its error will travel in.
 */
export class ServiceError extends Error {
  readonly code: string;
  readonly status: number;
  /** 'Sender' for client faults, 'Receiver' for server faults (the query protocol's <Type>). */
  readonly fault: 'Sender' | 'Receiver';
  /** Extra members of the error shape (S3: Resource, BucketName; JSON: modelled members). */
  readonly fields: Record<string, string>;
  /** Extra response headers (for example S3's x-amz-bucket-region). */
  readonly headers: Record<string, string>;

  constructor(
    code: string,
    message: string,
    opts: { status?: number; fault?: 'Sender' | 'Receiver'; fields?: Record<string, string>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = opts.status ?? 400;
    this.fault = opts.fault ?? (this.status >= 500 ? 'Receiver' : 'Sender');
    this.fields = opts.fields ?? {};
    this.headers = opts.headers ?? {};
  }
}

export const isServiceError = (e: unknown): e is ServiceError => e instanceof ServiceError;

/** Anything that is not a modelled error becomes this, never a stack trace on the wire. */
export function internalFailure(protocol: string): ServiceError {
  const code = protocol === 'rest-xml' ? 'InternalError' : protocol === 'json' ? 'InternalFailure' : 'InternalFailure';
  const message =
    protocol === 'rest-xml'
      ? 'We encountered an internal error. Please try again.'
      : 'The request processing has failed because of an unknown error, exception or failure.';
  return new ServiceError(code, message, { status: 500, fault: 'Receiver' });
}

/**
 * The answer while the server is short of disk space: a 503 every SDK retries (botocore's `_retry.json`
 * retries any 503, and S3's SlowDown is in its throttling codes; SDK v3 likewise). The codes are AWS's
 * common ones: `ServiceUnavailable` ("Common Errors" in each JSON/query API reference), EC2's
 * `Unavailable` ("Error codes for the Amazon EC2 API"), S3's `SlowDown` ("Error responses", S3 API).
 */
export function storageUnavailable(protocol: string): ServiceError {
  if (protocol === 'rest-xml') return new ServiceError('SlowDown', 'Please reduce your request rate.', { status: 503, fault: 'Receiver' });
  if (protocol === 'ec2')
    return new ServiceError('Unavailable', "The server is overloaded and can't handle the request.", { status: 503, fault: 'Receiver' });
  return new ServiceError('ServiceUnavailable', 'The request has failed due to a temporary failure of the server.', {
    status: 503,
    fault: 'Receiver',
  });
}
