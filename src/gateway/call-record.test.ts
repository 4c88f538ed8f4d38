import { describe, expect, it } from 'vitest';
import { callWireOf } from './call-record.js';
import { requestContext } from '../audit/record/test-fixtures.js';

const SIGNED = 'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260301/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abc';

describe('callWireOf', () => {
  it('names the cipher suite only over TLS, and the signing method', () => {
    const ctx = requestContext({
      tls: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'b.s3.local' },
      req: { method: 'GET', path: '/k', query: '', headers: { host: 'b.s3.local', authorization: SIGNED }, body: Buffer.alloc(0) },
      response: { status: 200, headers: { 'x-amz-id-2': 'host-id', 'Content-Length': '42' }, body: Buffer.alloc(42) },
    });
    expect(callWireOf(ctx)).toEqual({
      host: 'b.s3.local',
      signatureVersion: 'SigV4',
      authenticationMethod: 'AuthHeader',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      bytesTransferredIn: 0,
      bytesTransferredOut: 42,
      extendedRequestId: 'host-id',
    });
    expect(callWireOf(requestContext())).toEqual({ bytesTransferredIn: 0, bytesTransferredOut: 0 });
  });

  it("counts an aws-chunked upload's decoded length in, and nothing out for HEAD", () => {
    const put = requestContext({
      req: {
        method: 'PUT',
        path: '/k',
        query: '',
        headers: { authorization: SIGNED, 'content-length': '190', 'x-amz-decoded-content-length': '12' },
        body: Buffer.alloc(0),
      },
    });
    expect(callWireOf(put).bytesTransferredIn).toBe(12);
    const head = requestContext({
      req: { method: 'HEAD', path: '/k', query: '', headers: { authorization: SIGNED }, body: Buffer.alloc(0) },
      response: { status: 200, headers: { 'Content-Length': '1000' }, body: Buffer.alloc(0) },
    });
    expect(callWireOf(head).bytesTransferredOut).toBe(0);
  });
});
