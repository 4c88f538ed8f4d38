import { describe, it, expect } from 'vitest';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { classifyRequest } from './classify.js';
import { verifySigV4 } from './verify.js';
import type { HttpRequest } from '../protocol/http.js';
import { testStore, USER_KEY } from './test-support/signer.js';

const req = (headers: Record<string, string>, query = ''): HttpRequest => ({
  method: 'PUT',
  path: '/b/k',
  query,
  headers,
  body: Buffer.alloc(0),
});
const auth = 'AWS4-HMAC-SHA256 Credential=AKID/20240501/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00';

describe('classifyRequest', () => {
  it.each([
    [{}, '', 'anonymous'],
    [{}, 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a', 'presigned-query'],
    [{}, 'prefix=X-Amz-Algorithm%3D', 'anonymous'],
    [{ authorization: auth }, '', 'signed-header'],
    [{ authorization: auth, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, '', 'signed-header'],
    [{ authorization: auth, 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' }, '', 'streaming-signed'],
    [{ authorization: auth, 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER' }, '', 'streaming-signed-trailer'],
    [{ authorization: auth, 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' }, '', 'streaming-unsigned-trailer'],
    [{ authorization: 'AWS AKID:c2ln' }, '', 'unsupported'],
    [{ authorization: 'AWS4-ECDSA-P256-SHA256 Credential=x' }, '', 'unsupported'],
  ])('%j ?%s -> %s', (headers, query, expected) => {
    expect(classifyRequest(req(headers, query))).toBe(expected);
  });
});

describe('URLs from @aws-sdk/s3-request-presigner', () => {
  it('verify as presigned queries', async () => {
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: 'https://s3.localhost.test',
      forcePathStyle: true,
      credentials: USER_KEY,
    });
    const url = new URL(await getSignedUrl(client, new GetObjectCommand({ Bucket: 'b', Key: 'dir/ä b+c.txt' }), { expiresIn: 600 }));
    const wire: HttpRequest = {
      method: 'GET',
      path: url.pathname,
      query: url.search.slice(1),
      headers: { host: url.host },
      body: Buffer.alloc(0),
    };
    const v = await verifySigV4(wire, {
      now: new Date(),
      credentials: testStore(),
      protocol: 'rest-xml',
      region: 'us-east-1',
      service: 's3',
    });
    expect(v).toMatchObject({ authType: 'presigned-query', presigned: true, payloadMode: 'unsigned' });
  });
});
