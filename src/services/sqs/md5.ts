/**
 * MD5 digests SQS answers with: of the body's UTF-8 bytes, and of the message attributes as the SQS Developer
 * Guide's "Calculating the MD5 message digest for message attributes" encodes them: names sorted; for each, the
 * name, the data type (each as a 4-byte big-endian length and UTF-8 bytes), a transport byte (1 = String or
 * Number, 2 = Binary) and the value (4-byte length and bytes).
 */
import { createHash } from 'node:crypto';
import type { MessageAttributeValue } from '../../protocol/generated/sqs.js';

export function md5OfBody(body: string): string {
  return createHash('md5').update(body, 'utf8').digest('hex');
}

function lengthPrefixed(bytes: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return Buffer.concat([len, bytes]);
}

export function md5OfMessageAttributes(attrs: Record<string, MessageAttributeValue>): string {
  const hash = createHash('md5');
  for (const name of Object.keys(attrs).sort()) {
    const v = attrs[name]!;
    hash.update(lengthPrefixed(Buffer.from(name, 'utf8')));
    hash.update(lengthPrefixed(Buffer.from(v.DataType, 'utf8')));
    if (v.BinaryValue !== undefined) {
      hash.update(Buffer.from([2]));
      hash.update(lengthPrefixed(Buffer.from(v.BinaryValue)));
    } else {
      hash.update(Buffer.from([1]));
      hash.update(lengthPrefixed(Buffer.from(v.StringValue ?? '', 'utf8')));
    }
  }
  return hash.digest('hex');
}
