import type { Protocol } from '../protocol/http.js';
import { ServiceError } from '../errors/service-error.js';

/**
 * Every authentication failure, named once, translated to each protocol's code, status and message
 * here and nowhere else. Wording follows what AWS endpoints answer (Coral JSON/query services, EC2,
 * S3). Signing messages follow the IAM User Guide, "Troubleshoot Signature Version 4 signing for AWS API requests"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html); S3 codes and statuses the
 * S3 API Reference, "Error responses" (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
 */
export type AuthFailure =
  | { kind: 'signature-mismatch'; debug?: SignatureDebug }
  | { kind: 'unknown-access-key'; accessKeyId: string }
  | { kind: 'invalid-token'; token?: string }
  | { kind: 'expired-token'; token?: string }
  | { kind: 'missing-authentication' }
  | { kind: 'unsupported-algorithm'; algorithm: string }
  | { kind: 'both-mechanisms' }
  | { kind: 'missing-components'; missing: string[]; authorization: string }
  | { kind: 'malformed-pair'; pair: string; authorization: string }
  | { kind: 'malformed-credential'; credential: string }
  | { kind: 'missing-date' }
  | { kind: 'malformed-date'; value: string }
  | { kind: 'scope-region'; got: string; expected: string }
  | { kind: 'scope-service'; got: string; expected: string }
  | { kind: 'scope-terminator'; got: string }
  | { kind: 'scope-date'; scopeDate: string; datetime: string }
  | { kind: 'host-not-signed' }
  | { kind: 'malformed-expires'; reason: 'not-a-number' | 'negative' | 'too-large' }
  | { kind: 'clock-skew'; datetime: string; requestTime: Date; now: Date; maxSkewMs: number }
  | { kind: 'presign-expired'; expires: number; expiresAt: Date; now: Date };

export interface SignatureDebug {
  accessKeyId: string;
  stringToSign: string;
  signatureProvided: string;
  canonicalRequest: string;
}

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const S3_SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';
const EXPIRED_TOKEN = 'The security token included in the request is expired';
const EC2_AUTH_FAILURE = 'AWS was not able to validate the provided access credentials';
const S3_CREDENTIAL_SHAPE = 'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".';
const S3_QUERY_PARAMS =
  'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.';

type Err = (code: string, status: number, message: string, fields?: Record<string, string>) => ServiceError;
const err: Err = (code, status, message, fields) => new ServiceError(code, message, { status, fields });

/** Translate an authentication failure into the error the given protocol's clients expect. */
export function authError(protocol: Protocol, failure: AuthFailure, presigned = false): ServiceError {
  if (protocol === 'rest-xml') return s3Error(failure, presigned);
  return coralError(protocol, failure);
}

/** JSON, query and EC2 services share Coral's wording; only codes and statuses differ. */
function coralError(protocol: 'json' | 'query' | 'ec2', f: AuthFailure): ServiceError {
  const json = protocol === 'json';
  const ec2 = protocol === 'ec2';
  const signature = (message: string): ServiceError =>
    ec2
      ? err('AuthFailure', 401, message === SIGNATURE_MISMATCH ? EC2_AUTH_FAILURE : message)
      : err(json ? 'InvalidSignatureException' : 'SignatureDoesNotMatch', json ? 400 : 403, message);
  const incomplete = (message: string): ServiceError => err(json ? 'IncompleteSignatureException' : 'IncompleteSignature', 400, message);
  const invalidToken = (): ServiceError =>
    ec2
      ? err('AuthFailure', 401, EC2_AUTH_FAILURE)
      : err(json ? 'UnrecognizedClientException' : 'InvalidClientTokenId', json ? 400 : 403, INVALID_TOKEN);
  switch (f.kind) {
    case 'signature-mismatch':
      return signature(SIGNATURE_MISMATCH);
    case 'unknown-access-key':
    case 'invalid-token':
      return invalidToken();
    case 'expired-token':
      if (ec2) return err('RequestExpired', 400, 'Request has expired.');
      return err(json ? 'ExpiredTokenException' : 'ExpiredToken', json ? 400 : 403, EXPIRED_TOKEN);
    case 'missing-authentication':
      if (json) return err('MissingAuthenticationTokenException', 400, 'Missing Authentication Token');
      return err('MissingAuthenticationToken', ec2 ? 401 : 403, 'Request is missing Authentication Token');
    case 'clock-skew':
      if (ec2) return err('RequestExpired', 400, 'Request has expired.');
      return signature(skewMessage(f));
    case 'presign-expired':
      if (ec2) return err('RequestExpired', 400, 'Request has expired.');
      return signature('Request has expired');
    case 'scope-region':
      return signature(`Credential should be scoped to a valid region, not '${f.got}'. `);
    case 'scope-service':
      return signature(`Credential should be scoped to correct service: '${f.expected}'. `);
    case 'scope-terminator':
      return signature(`Credential should be scoped with a valid terminator: 'aws4_request', not '${f.got}'. `);
    case 'scope-date':
      return signature(
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${f.scopeDate}' != '${f.datetime.slice(0, 8)}', from '${f.datetime}'.`,
      );
    default:
      return incomplete(coralIncompleteMessage(f));
  }
}

function coralIncompleteMessage(f: AuthFailure): string {
  switch (f.kind) {
    case 'missing-components':
      return `${f.missing.map((m) => coralRequires(m)).join(' ')} Authorization=${f.authorization}`;
    case 'malformed-pair':
      return `'${f.pair}' not a valid key=value pair (missing equal-sign) in Authorization header: '${f.authorization}'.`;
    case 'malformed-credential':
      return `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${f.credential}'`;
    case 'missing-date':
      return coralRequires('Date');
    case 'malformed-date':
      return `Date must be in ISO-8601 'basic format'. Got '${f.value}'. See http://en.wikipedia.org/wiki/ISO_8601`;
    case 'host-not-signed':
      return "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
    case 'both-mechanisms':
      return "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.";
    case 'unsupported-algorithm':
      return `Unsupported AWS 'algorithm': '${f.algorithm}'.`;
    case 'malformed-expires':
      return expiresMessage(f.reason);
    default:
      return f.kind;
  }
}

function coralRequires(component: string): string {
  if (component === 'Date') {
    return "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.";
  }
  if (component.startsWith('X-Amz-'))
    return `AWS query-string parameters must include '${component}'. Re-examine the query-string parameters.`;
  return `Authorization header requires '${component}' parameter.`;
}

function skewMessage(f: Extract<AuthFailure, { kind: 'clock-skew' }>): string {
  const minutes = Math.round(f.maxSkewMs / 60_000);
  if (f.requestTime.getTime() < f.now.getTime()) {
    const bound = amzDate(new Date(f.now.getTime() - f.maxSkewMs));
    return `Signature expired: ${f.datetime} is now earlier than ${bound} (${amzDate(f.now)} - ${minutes} min.)`;
  }
  const bound = amzDate(new Date(f.now.getTime() + f.maxSkewMs));
  return `Signature not yet current: ${f.datetime} is still later than ${bound} (${amzDate(f.now)} + ${minutes} min.)`;
}

function expiresMessage(reason: 'not-a-number' | 'negative' | 'too-large'): string {
  if (reason === 'not-a-number') return 'X-Amz-Expires should be a number';
  if (reason === 'negative') return 'X-Amz-Expires must be non-negative';
  return 'X-Amz-Expires must be less than a week (in seconds) that is 604800';
}

/** S3 answers in its own vocabulary and reports more detail in extra <Error> members. */
function s3Error(f: AuthFailure, presigned: boolean): ServiceError {
  const malformed = (detail: string, fields?: Record<string, string>): ServiceError =>
    presigned
      ? err('AuthorizationQueryParametersError', 400, `Error parsing the X-Amz-Credential parameter; ${detail}`, fields)
      : err('AuthorizationHeaderMalformed', 400, `The authorization header is malformed; ${detail}`, fields);
  switch (f.kind) {
    case 'signature-mismatch':
      return err('SignatureDoesNotMatch', 403, S3_SIGNATURE_MISMATCH, f.debug ? signatureFields(f.debug) : undefined);
    case 'unknown-access-key':
      return err('InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.', {
        AWSAccessKeyId: f.accessKeyId,
      });
    case 'invalid-token':
      return err('InvalidToken', 400, 'The provided token is malformed or otherwise invalid.', tokenField(f.token));
    case 'expired-token':
      return err('ExpiredToken', 400, 'The provided token has expired.', tokenField(f.token));
    case 'missing-authentication':
      return err('AccessDenied', 403, 'Access Denied');
    case 'unsupported-algorithm':
      return presigned
        ? err('AuthorizationQueryParametersError', 400, 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"')
        : err('InvalidArgument', 400, 'Unsupported Authorization Type', { ArgumentName: 'Authorization', ArgumentValue: f.algorithm });
    case 'both-mechanisms':
      return err(
        'InvalidArgument',
        400,
        'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
        { ArgumentName: 'Authorization' },
      );
    case 'missing-components':
    case 'malformed-pair':
      return presigned
        ? err('AuthorizationQueryParametersError', 400, S3_QUERY_PARAMS)
        : err(
            'AuthorizationHeaderMalformed',
            400,
            'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.',
          );
    case 'malformed-credential':
      return malformed(S3_CREDENTIAL_SHAPE);
    case 'missing-date':
      return presigned
        ? err('AuthorizationQueryParametersError', 400, S3_QUERY_PARAMS)
        : err('AccessDenied', 403, 'AWS authentication requires a valid Date or x-amz-date header');
    case 'malformed-date':
      return presigned
        ? err('AuthorizationQueryParametersError', 400, `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`)
        : err('AccessDenied', 403, 'AWS authentication requires a valid Date or x-amz-date header');
    case 'scope-region':
      return malformed(`the region '${f.got}' is wrong; expecting '${f.expected}'`, { Region: f.expected });
    case 'scope-service':
      return malformed(`incorrect service "${f.got}". This endpoint belongs to "${f.expected}".`);
    case 'scope-terminator':
      return malformed(`incorrect terminal "${f.got}". This endpoint uses "aws4_request".`);
    case 'scope-date':
      return malformed(`Invalid credential date "${f.scopeDate}". This date is not the same as X-Amz-Date: "${f.datetime.slice(0, 8)}".`);
    case 'host-not-signed':
      return s3UnsignedHeaders(['host']);
    case 'malformed-expires':
      return err('AuthorizationQueryParametersError', 400, expiresMessage(f.reason));
    case 'clock-skew':
      return err('RequestTimeTooSkewed', 403, 'The difference between the request time and the current time is too large.', {
        RequestTime: f.datetime,
        ServerTime: isoSeconds(f.now),
        MaxAllowedSkewMilliseconds: String(f.maxSkewMs),
      });
    case 'presign-expired':
      return err('AccessDenied', 403, 'Request has expired', {
        'X-Amz-Expires': String(f.expires),
        Expires: isoSeconds(f.expiresAt),
        ServerTime: isoSeconds(f.now),
      });
  }
}

function signatureFields(d: SignatureDebug): Record<string, string> {
  return {
    AWSAccessKeyId: d.accessKeyId,
    StringToSign: d.stringToSign,
    SignatureProvided: d.signatureProvided,
    StringToSignBytes: hexBytes(d.stringToSign),
    CanonicalRequest: d.canonicalRequest,
    CanonicalRequestBytes: hexBytes(d.canonicalRequest),
  };
}

const tokenField = (token: string | undefined): Record<string, string> | undefined =>
  token === undefined ? undefined : { 'Token-0': token };

const hexBytes = (text: string): string => (Buffer.from(text, 'utf8').toString('hex').match(/../g) ?? []).join(' ');

/** `2024-01-02T03:04:05Z`, the form S3 uses for ServerTime. */
export const isoSeconds = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `20240102T030405Z`, the SigV4 X-Amz-Date form. */
export const amzDate = (d: Date): string => isoSeconds(d).replace(/[-:]/g, '');

// ---- S3-only payload errors (the x-amz-content-sha256 header and aws-chunked bodies) ----

export function s3UnsignedHeaders(names: string[]): ServiceError {
  return err('AccessDenied', 403, 'There were headers present in the request which were not signed', {
    HeadersNotSigned: names.join(', '),
  });
}

export const s3MissingContentSha256 = (): ServiceError =>
  err('InvalidRequest', 400, 'Missing required header for this request: x-amz-content-sha256');

export const s3InvalidContentSha256 = (): ServiceError =>
  err(
    'InvalidArgument',
    400,
    'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
    { ArgumentName: 'x-amz-content-sha256' },
  );

export const s3ContentSha256Mismatch = (claimed: string, computed: string): ServiceError =>
  err('XAmzContentSHA256Mismatch', 400, "The provided 'x-amz-content-sha256' header does not match what was computed.", {
    ClientComputedContentSHA256: claimed,
    S3ComputedContentSHA256: computed,
  });

export const s3IncompleteBody = (): ServiceError =>
  err('IncompleteBody', 400, 'You did not provide the number of bytes specified by the Content-Length HTTP header.');

export const s3MalformedChunk = (detail: string): ServiceError => err('InvalidRequest', 400, `Malformed aws-chunked body: ${detail}`);

export const s3ChunkSignatureMismatch = (): ServiceError => err('SignatureDoesNotMatch', 403, S3_SIGNATURE_MISMATCH);

export const s3BadDigest = (algorithm: string): ServiceError =>
  err('BadDigest', 400, `The ${algorithm} you specified did not match the calculated checksum.`);

export const s3InvalidChecksumValue = (headerName: string): ServiceError =>
  err('InvalidRequest', 400, `Value for ${headerName} header is invalid.`);

export const s3TrailerMismatch = (): ServiceError =>
  err('InvalidRequest', 400, 'The value specified in the x-amz-trailer header is not supported');

export const s3DecodedLengthRequired = (): ServiceError =>
  err('MissingContentLength', 411, 'You must provide the Content-Length HTTP header.');
