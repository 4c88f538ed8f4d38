import { constants, deflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_DICTIONARY, compressRecord, recordText } from './record-codec.js';
import { adoptDictionary } from './record-dictionaries.js';
import { SqliteStore } from './store.js';

let store: SqliteStore;
const own = () =>
  store.write((tx) => adoptDictionary(tx.db, 1, Buffer.from('{"eventVersion":"1.11","userIdentity":{"type":"IAMUser"'), 1, new Date(0)));
beforeEach(() => (store = new SqliteStore(':memory:')));
afterEach(() => store.close());

// Lengths either side of the varint's one- and two-byte limits, and multi-byte characters.
const RECORDS = [
  '{}',
  JSON.stringify({ a: 'x'.repeat(120), note: 'é \u2028 😀' }),
  JSON.stringify({ a: 'y'.repeat(126) }),
  JSON.stringify({ a: 'z'.repeat(16_380) }),
  JSON.stringify({ eventVersion: '1.11', userIdentity: { type: 'IAMUser' }, b: Array.from({ length: 3000 }, (_, i) => i) }),
];

describe('record codec', () => {
  it('gives back every record byte for byte, with the built-in dictionary and a store-trained one', async () => {
    const dictionary = await own();
    for (const record of RECORDS) {
      expect(recordText(store.db, compressRecord(record))).toBe(record);
      const z = compressRecord(record, dictionary);
      expect(z[0]).toBe(2);
      expect(recordText(store.db, z)).toBe(record);
      expect(recordText(store.db, new Uint8Array(z))).toBe(record); // as better-sqlite3 may hand it back
    }
  });

  it('writes dictionary-1 rows as before (its number, then deflate-raw), others with the text length between', async () => {
    const record = RECORDS[1]!;
    const body = deflateRawSync(record, { dictionary: BUILT_IN_DICTIONARY.bytes, level: 9, strategy: constants.Z_FIXED });
    expect(compressRecord(record).equals(Buffer.concat([Buffer.from([1]), body]))).toBe(true);
    const length = Buffer.byteLength(record); // two varint bytes
    const z = compressRecord(record, await own());
    expect([...z.subarray(0, 3)]).toEqual([2, (length % 128) | 0x80, Math.floor(length / 128)]);
  });

  it('refuses a row that names an unknown dictionary, or inflates to another length than it states', async () => {
    const length = Buffer.byteLength(RECORDS[1]!); // two varint bytes
    const z = compressRecord(RECORDS[1]!, await own());
    expect(() => recordText(store.db, Buffer.concat([Buffer.from([7]), z.subarray(1)]))).toThrow(/unknown dictionary 7/);
    const wrong = Buffer.from(z);
    wrong[1] = wrong[1]! - 1;
    expect(() => recordText(store.db, wrong)).toThrow(`inflated to more than the ${length - 1} bytes it states`);
    const short = Buffer.from(z);
    short[1] = short[1]! + 1;
    expect(() => recordText(store.db, short)).toThrow(`inflated to ${length} bytes, not the ${length + 1} it states`);
  });
});
