import { describe, it, expect } from 'vitest';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PutObjectCommand, UploadPartCommand, type ChecksumAlgorithm as SdkAlgorithm } from '@aws-sdk/client-s3';
import { ServiceError } from '../errors/service-error.js';
import { verifySigV4 } from './verify.js';
import { AwsChunkedDecoder, AwsChunkedDecodeStream, createPayloadDecoder, type ChunkedOptions } from './streaming.js';
import { signingKey } from './signing-key.js';
import { checksumBase64 } from './checksums.js';
import { captureS3, type CapturedRequest } from './test-support/s3-capture.js';
import { encodeSignedChunks, encodeUnsignedChunks } from './test-support/chunked-encoder.js';
import { signRequest, testStore, NOW, USER_KEY } from './test-support/signer.js';
import { STREAMING_SIGNED, STREAMING_SIGNED_TRAILER } from './types.js';

const store = testStore();

async function collect(stream: Readable, decoder: NodeJS.ReadWriteStream): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(stream, decoder, async (source: AsyncIterable<unknown>) => {
    for await (const b of source) out.push(b as Buffer);
  });
  return Buffer.concat(out);
}

async function decodeCaptured(c: CapturedRequest): Promise<{ data: Buffer; decoder: AwsChunkedDecodeStream }> {
  const verified = await verifySigV4(c.request, { now: new Date(), credentials: store, protocol: 'rest-xml' });
  expect(verified.authType).toBe('streaming-unsigned-trailer');
  const decoder = createPayloadDecoder(c.request, verified) as AwsChunkedDecodeStream;
  return { data: await collect(c.request.stream!, decoder), decoder };
}

const bodyParts = [Buffer.alloc(70_000, 'a'), Buffer.from('héllo wörld'), Buffer.alloc(5, 0), Buffer.alloc(9000, 'z')];
const whole = Buffer.concat(bodyParts);
const putStream = (algorithm?: SdkAlgorithm) => (s3: Parameters<Parameters<typeof captureS3>[0]>[0]) =>
  s3.send(
    new PutObjectCommand({
      Bucket: 'b',
      Key: 'dir/k y',
      Body: Readable.from(bodyParts),
      ContentLength: whole.length,
      ChecksumAlgorithm: algorithm,
    }),
  );

function thrown(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (e) {
    return e as ServiceError;
  }
  throw new Error('did not throw');
}

describe('STREAMING-UNSIGNED-PAYLOAD-TRAILER from @aws-sdk/client-s3', () => {
  it('decodes the default CRC32 upload and verifies the trailing checksum', async () => {
    const { data, decoder } = await decodeCaptured(await captureS3(putStream()));
    expect(data.equals(whole)).toBe(true);
    expect(decoder.result).toEqual({
      decodedLength: whole.length,
      trailers: { 'x-amz-checksum-crc32': checksumBase64('CRC32', whole) },
      checksum: { algorithm: 'CRC32', value: checksumBase64('CRC32', whole) },
    });
  });

  for (const algorithm of ['CRC32C', 'SHA1', 'SHA256'] as const) {
    it(`verifies ${algorithm} trailers`, async () => {
      const { data, decoder } = await decodeCaptured(await captureS3(putStream(algorithm)));
      expect(data.equals(whole)).toBe(true);
      expect(decoder.result?.checksum).toEqual({ algorithm, value: checksumBase64(algorithm, whole) });
    });
  }

  it('decodes UploadPart bodies fed one byte at a time', async () => {
    const c = await captureS3((s3) =>
      s3.send(
        new UploadPartCommand({
          Bucket: 'b',
          Key: 'k',
          UploadId: 'u',
          PartNumber: 1,
          Body: Readable.from(bodyParts),
          ContentLength: whole.length,
        }),
      ),
    );
    const verified = await verifySigV4(c.request, { now: new Date(), credentials: store, protocol: 'rest-xml' });
    const decoder = createPayloadDecoder(c.request, verified);
    const oneByteAtATime = Readable.from(
      (function* () {
        for (let i = 0; i < c.wireBody.length; i++) yield c.wireBody.subarray(i, i + 1);
      })(),
    );
    expect((await collect(oneByteAtATime, decoder)).equals(whole)).toBe(true);
  });

  it('rejects a corrupted payload byte with BadDigest', async () => {
    const c = await captureS3(putStream());
    c.wireBody[100] ^= 1;
    c.request.stream = Readable.from([c.wireBody]);
    const error = await decodeCaptured(c).catch((e: ServiceError) => e);
    expect(error).toMatchObject({
      code: 'BadDigest',
      status: 400,
      message: 'The CRC32 you specified did not match the calculated checksum.',
    });
  });

  it('rejects a malformed checksum value, a truncated body and a wrong decoded length', async () => {
    const chunks = [Buffer.from('abc')];
    const decode = (body: Buffer, opts: Partial<ChunkedOptions> = {}) => {
      const d = new AwsChunkedDecoder({
        mode: 'streaming-unsigned-trailer',
        trailer: 'x-amz-checksum-crc32',
        decodedContentLength: 3,
        ...opts,
      });
      d.push(body);
      return d.end();
    };
    expect(decode(encodeUnsignedChunks(chunks, ['x-amz-checksum-crc32', checksumBase64('CRC32', Buffer.from('abc'))])).decodedLength).toBe(
      3,
    );
    const invalid = thrown(() => decode(encodeUnsignedChunks(chunks, ['x-amz-checksum-crc32', 'not base64!'])));
    expect([invalid.code, invalid.message]).toEqual(['InvalidRequest', 'Value for x-amz-checksum-crc32 header is invalid.']);
    const good = encodeUnsignedChunks(chunks, ['x-amz-checksum-crc32', checksumBase64('CRC32', Buffer.from('abc'))]);
    const truncated = thrown(() => decode(good.subarray(0, 6)));
    expect([truncated.code, truncated.message]).toEqual([
      'IncompleteBody',
      'You did not provide the number of bytes specified by the Content-Length HTTP header.',
    ]);
    expect(thrown(() => decode(good, { decodedContentLength: 4 })).code).toBe('IncompleteBody');
    expect(thrown(() => decode(good, { decodedContentLength: 2 })).code).toBe('IncompleteBody');
  });

  it('supports CRC64NVME trailers', async () => {
    const data = Buffer.from('123456789');
    expect(checksumBase64('CRC64NVME', data)).toBe(Buffer.from('ae8b14860a799888', 'hex').toString('base64'));
    const d = new AwsChunkedDecoder({ mode: 'streaming-unsigned-trailer', trailer: 'x-amz-checksum-crc64nvme' });
    d.push(encodeUnsignedChunks([data], ['x-amz-checksum-crc64nvme', checksumBase64('CRC64NVME', data)]));
    expect(d.end().checksum?.algorithm).toBe('CRC64NVME');
  });
});

describe('STREAMING-AWS4-HMAC-SHA256-PAYLOAD (signed chunks)', () => {
  it('matches the chunk signatures of the S3 documentation example', async () => {
    // docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html: 65536 + 1024 bytes of 'a'.
    const signing = {
      signingKey: signingKey(USER_KEY.secretAccessKey, '20130524', 'us-east-1', 's3'),
      seedSignature: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
      datetime: '20130524T000000Z',
      scope: '20130524/us-east-1/s3/aws4_request',
    };
    const body = encodeSignedChunks([Buffer.alloc(65536, 'a'), Buffer.alloc(1024, 'a')], signing);
    expect(body.toString('latin1')).toContain('10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n');
    expect(body.toString('latin1')).toContain('400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n');
    expect(body.toString('latin1')).toMatch(/0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n$/);
    const d = new AwsChunkedDecoder({ mode: 'streaming-signed', signing, decodedContentLength: 66560 });
    expect(Buffer.concat(d.push(body)).length).toBe(66560);
    expect(d.end().decodedLength).toBe(66560);
  });

  async function signedUpload(mode: string, trailer?: string) {
    const headers: Record<string, string> = {
      'x-amz-content-sha256': mode,
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': String(whole.length),
      ...(trailer ? { 'x-amz-trailer': trailer } : {}),
    };
    const req = await signRequest({ method: 'PUT', path: '/b/k', headers }, { service: 's3', s3: true });
    const verified = await verifySigV4(req, { now: NOW, credentials: store, protocol: 'rest-xml' });
    const signing = {
      signingKey: verified.signingKey,
      seedSignature: verified.signature,
      datetime: verified.datetime,
      scope: verified.scope,
    };
    return { req, verified, signing };
  }

  it('verifies a chained signed upload end to end and fails on any tampering', async () => {
    const { req, verified, signing } = await signedUpload(STREAMING_SIGNED);
    expect(verified.authType).toBe('streaming-signed');
    const wire = encodeSignedChunks(bodyParts, signing);
    expect((await collect(Readable.from([wire]), createPayloadDecoder(req, verified))).equals(whole)).toBe(true);

    const flipped = Buffer.from(wire);
    flipped[200] ^= 1;
    const err = await collect(Readable.from([flipped]), createPayloadDecoder(req, verified)).catch((e: ServiceError) => e);
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
    const reordered = encodeSignedChunks([bodyParts[1]!, bodyParts[0]!, ...bodyParts.slice(2)], signing);
    const d = new AwsChunkedDecoder({ mode: 'streaming-signed', signing: { ...signing, seedSignature: '0'.repeat(64) } });
    expect(thrown(() => d.push(reordered)).code).toBe('SignatureDoesNotMatch');
  });

  it('verifies the signed trailer and its checksum', async () => {
    const { req, verified, signing } = await signedUpload(STREAMING_SIGNED_TRAILER, 'x-amz-checksum-crc32c');
    const value = checksumBase64('CRC32C', whole);
    const wire = encodeSignedChunks(bodyParts, signing, ['x-amz-checksum-crc32c', value]);
    const decoder = createPayloadDecoder(req, verified) as AwsChunkedDecodeStream;
    expect((await collect(Readable.from([wire]), decoder)).equals(whole)).toBe(true);
    expect(decoder.result?.checksum).toEqual({ algorithm: 'CRC32C', value });

    const forged = wire.toString('latin1').replace(value, checksumBase64('CRC32C', Buffer.from('other')));
    const err = await collect(Readable.from([Buffer.from(forged, 'latin1')]), createPayloadDecoder(req, verified)).catch(
      (e: ServiceError) => e,
    );
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch' });
  });
});
