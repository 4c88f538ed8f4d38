/**
 * S3 operations whose request body must carry an integrity check (botocore's `httpChecksum`
 * `requestChecksumRequired`): a Content-MD5 header or one x-amz-checksum-* header, verified against
 * the buffered body. Without either S3 answers InvalidRequest "Missing required header for this
 * request: Content-MD5" (as SDKs that omitted it have long reported, e.g. aws/aws-cli#229).
 */
import { createHash } from 'node:crypto';
import { algorithmForHeader, checksumBase64, isValidChecksumValue } from '../../auth/checksums.js';
import { ServiceError } from '../../errors/service-error.js';
import type { HttpRequest } from '../http.js';

const invalidRequest = (message: string) => new ServiceError('InvalidRequest', message);

export function assertRequestChecksum(req: HttpRequest): void {
  const md5 = req.headers['content-md5'];
  const checksums = Object.keys(req.headers).flatMap((name) => {
    const algorithm = algorithmForHeader(name);
    return algorithm ? [{ name, algorithm, value: req.headers[name]! }] : [];
  });
  if (md5 === undefined && checksums.length === 0) {
    // A checksum the client sends as an aws-chunked trailer is verified by the payload decoder.
    if (req.headers['x-amz-trailer']?.startsWith('x-amz-checksum-')) return;
    throw invalidRequest('Missing required header for this request: Content-MD5');
  }
  if (checksums.length > 1) throw invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  if (md5 !== undefined) assertMd5(md5, req.body);
  for (const { name, algorithm, value } of checksums) {
    if (!isValidChecksumValue(algorithm, value)) throw invalidRequest(`Value for ${name} header is invalid.`);
    if (checksumBase64(algorithm, req.body) !== value) {
      throw new ServiceError('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`);
    }
  }
}

function assertMd5(value: string, body: Buffer): void {
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== 16 || bytes.toString('base64') !== value) {
    throw new ServiceError('InvalidDigest', 'The Content-MD5 you specified was invalid.', { fields: { 'Content-MD5': value } });
  }
  const calculated = createHash('md5').update(body).digest('base64');
  if (calculated !== value) {
    throw new ServiceError('BadDigest', 'The Content-MD5 you specified did not match what we received.', {
      fields: { ExpectedDigest: value, CalculatedDigest: calculated },
    });
  }
}
