import { randomBytes } from 'node:crypto';
import { constants, deflateRawSync, inflateRawSync, type ZlibOptions } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DictionaryInflater } from './inflate-raw.js';
import { BUILT_IN_DICTIONARY } from './record-codec.js';

const dictionary = BUILT_IN_DICTIONARY.bytes;
const record = (i: number) =>
  JSON.stringify({
    eventVersion: '1.11',
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::111122223333:user/user${i}`, accountId: '111122223333' },
    eventName: i % 2 ? 'CreateUser' : 'GetCallerIdentity',
    requestParameters: { userName: `user${i}`, note: 'é \u2028 😀 ∑' },
    requestID: `${i.toString(16).padStart(8, '0')}-4f2a-9c1e-7d3b5a0e8f61`,
  });

/** zlib's every kind of block: stored (level 0), fixed and dynamic Huffman codes, long and short matches. */
const SETTINGS: Array<[string, ZlibOptions]> = [
  ['stored', { level: 0 }],
  ['fastest', { level: 1 }],
  ['default', { level: 6 }],
  ['best', { level: 9 }],
  ['fixed codes', { strategy: constants.Z_FIXED }],
  ['Huffman only', { strategy: constants.Z_HUFFMAN_ONLY }],
  ['run lengths', { strategy: constants.Z_RLE }],
];

const TEXTS = [
  '',
  '{}',
  record(1),
  record(2) + record(3),
  Array.from({ length: 300 }, (_, i) => record(i)).join('\n'), // longer than one window and one stored block
  'x'.repeat(100_000),
];

describe('DictionaryInflater', () => {
  it('inflates what zlib deflates against the dictionary, for every kind of block, with and without the length', () => {
    const inflater = new DictionaryInflater(dictionary);
    for (const [name, options] of SETTINGS) {
      for (const text of TEXTS) {
        const stream = deflateRawSync(text, { ...options, dictionary });
        expect(inflater.inflate(stream), `${name}, ${text.length} characters`).toBe(text);
        expect(inflater.inflate(stream, Buffer.byteLength(text))).toBe(text);
      }
    }
  });

  it('inflates without a dictionary, and binary data as zlib does', () => {
    const inflater = new DictionaryInflater(new Uint8Array(0));
    for (const size of [1, 100, 5000, 70_000]) {
      const data = Buffer.concat([randomBytes(size), Buffer.alloc(size, 7), randomBytes(size).subarray(0, size / 2)]);
      for (const [, options] of SETTINGS) {
        const stream = deflateRawSync(data, options);
        expect(inflater.inflate(stream)).toBe(inflateRawSync(stream).toString('utf8'));
      }
    }
  });

  it('reads text copied out of a dictionary that is not all ASCII as UTF-8, ASCII literals or not', () => {
    const accented = Buffer.from('"userName":"José","note":"∑ 😀","eventName":"CreateUser"', 'utf8');
    const inflater = new DictionaryInflater(accented);
    for (const text of ['{"userName":"José","note":"∑ 😀"}', '{"eventName":"CreateUser","note":"∑ 😀"}', '{"eventName":"CreateUser"}']) {
      for (const [name, options] of SETTINGS) {
        const stream = deflateRawSync(text, { ...options, dictionary: accented });
        expect(inflater.inflate(stream, Buffer.byteLength(text)), name).toBe(text);
      }
    }
  });

  it('refuses a stream cut short, at every length', () => {
    const inflater = new DictionaryInflater(dictionary);
    for (const [, options] of SETTINGS) {
      const stream = deflateRawSync(record(7) + record(8), { ...options, dictionary });
      for (let n = 0; n < stream.length; n++) expect(() => inflater.inflate(stream.subarray(0, n))).toThrow(/ends early|not a valid/);
    }
  });

  it('refuses a stream longer or shorter than it states, a reference before the dictionary, and block type 3', () => {
    const inflater = new DictionaryInflater(dictionary);
    const text = record(9);
    const stream = deflateRawSync(text, { dictionary });
    const length = Buffer.byteLength(text);
    expect(() => inflater.inflate(stream, length - 1)).toThrow(`inflated to more than the ${length - 1} bytes it states`);
    expect(() => inflater.inflate(stream, length + 1)).toThrow(`inflated to ${length} bytes, not the ${length + 1} it states`);
    // Against no dictionary, the same stream's first copy reaches before the start.
    expect(() => new DictionaryInflater(new Uint8Array(0)).inflate(stream)).toThrow(/distance past the dictionary/);
    expect(() => inflater.inflate(Buffer.from([0b111]))).toThrow(/block type 3/);
    expect(inflater.inflate(stream)).toBe(text); // and is still fine afterwards
  });

  it('gives zlib’s answer, or refuses, for streams with flipped bits', () => {
    const inflater = new DictionaryInflater(dictionary);
    const text = record(11) + record(12);
    for (const [, options] of SETTINGS) {
      const stream = deflateRawSync(text, { ...options, dictionary });
      for (let bit = 0; bit < stream.length * 8; bit += 3) {
        const flipped = Buffer.from(stream);
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        let expected: string | undefined;
        try {
          expected = inflateRawSync(flipped, { dictionary }).toString('utf8');
        } catch {
          expected = undefined;
        }
        let actual: string | undefined;
        try {
          actual = inflater.inflate(flipped);
        } catch {
          actual = undefined;
        }
        if (expected !== undefined && actual !== undefined) expect(actual).toBe(expected);
      }
    }
  });
});
