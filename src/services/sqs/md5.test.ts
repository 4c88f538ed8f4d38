import { describe, expect, it } from 'vitest';
import { md5OfBody, md5OfMessageAttributes } from './md5.js';

/** Expected digests computed independently with moto 5.2.1's SQS implementation (moto/sqs/models.py attribute_md5). */
describe('SQS MD5 digests', () => {
  it('of the body: MD5 of its UTF-8 bytes', () => {
    expect(md5OfBody('hello')).toBe('5d41402abc4b2a76b9719d911017c592');
  });

  it('of message attributes: sorted names, length-prefixed names, types and values, transport byte', () => {
    const attrs = {
      raw: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 255]) },
      n: { DataType: 'Number', StringValue: '42' },
      kind: { DataType: 'String', StringValue: 'greeting' },
    };
    expect(md5OfMessageAttributes(attrs)).toBe('a9c569445199a54ccc4054b06464b046');
    expect(md5OfMessageAttributes({ a: { DataType: 'String.custom', StringValue: 'héllo' } })).toBe('501e10a3057aaf8fcdd3e6a3cf27bfad');
  });
});
