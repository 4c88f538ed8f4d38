/**
 * Inflates raw deflate streams (RFC 1951, "DEFLATE Compressed Data Format Specification version 1.3")
 * compressed against one preset dictionary, as event records are (record-codec.ts). A record is ~1 KB
 * of text from ~90 bytes, nearly all of it copies out of the dictionary, so what a general inflater
 * spends around that is most of the cost: Node's inflateRawSync sets up a zlib stream per call (~15-20
 * µs), fflate copies from a separate dictionary byte by byte (~5 µs, ~30 with a dynamic block). Here
 * the dictionary sits at the front of one working buffer that each record is inflated after, so a copy
 * from the dictionary is an ordinary back-reference and nothing is allocated but the string (~1-1.5 µs).
 * Codes are looked up in small tables by their first bits, longer ones walked bit by bit as zlib's
 * reference decoder puff.c does.
 */

/** Base lengths and extra bits of length symbols 257..285, base distances and extra bits of distance symbols 0..29 (RFC 1951 3.2.5). */
const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385,
  24577,
];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/** The order code length code lengths are sent in (RFC 1951 3.2.7). */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const MAX_BITS = 15;

/**
 * A canonical Huffman code: how many codes of each length and the symbols in code order, and a table
 * by the stream's next `mask` bits (as read, least significant first) giving symbol << 4 | length for
 * every code that short; 0 sends a longer code to the bit-by-bit walk. Small tables: a dynamic
 * block's three are rebuilt for every record that has one.
 */
interface Huffman {
  count: Uint16Array;
  symbol: Uint16Array;
  table: Uint16Array;
  mask: number;
}

const huffman = (symbols: number, tableBits: number): Huffman => ({
  count: new Uint16Array(MAX_BITS + 1),
  symbol: new Uint16Array(symbols),
  table: new Uint16Array(1 << tableBits),
  mask: (1 << tableBits) - 1,
});
const offsets = new Uint16Array(MAX_BITS + 1);

/** Builds `h` from code lengths; refuses an over-subscribed code (an incomplete one fails when an unused code turns up). */
function build(h: Huffman, lengths: Uint8Array, n: number): void {
  const { count, symbol, table } = h;
  count.fill(0);
  for (let s = 0; s < n; s++) count[lengths[s]!]!++;
  count[0] = 0;
  let left = 1;
  for (let len = 1; len <= MAX_BITS; len++) {
    left = left * 2 - count[len]!;
    if (left < 0) throw corrupt('an over-subscribed Huffman code');
  }
  offsets[1] = 0;
  for (let len = 1; len < MAX_BITS; len++) offsets[len + 1] = offsets[len]! + count[len]!;
  for (let s = 0; s < n; s++) if (lengths[s] !== 0) symbol[offsets[lengths[s]!]!++] = s;
  table.fill(0);
  // Codes of one length are consecutive integers in symbol order, each length's first one after the last shorter one.
  for (let len = 1, code = 0, index = 0; 1 << len <= table.length; len++, code <<= 1) {
    for (let i = 0; i < count[len]!; i++, code++, index++) {
      const entry = (symbol[index]! << 4) | len;
      for (let r = reverse(code, len); r < table.length; r += 1 << len) table[r] = entry;
    }
  }
}

function reverse(code: number, len: number): number {
  let r = 0;
  for (let i = 0; i < len; i++) r = (r << 1) | ((code >>> i) & 1);
  return r;
}

/** A code longer than the table's, from the next 15 bits: symbol << 4 | length, or 0 for a code the stream may not use. */
function longCode(h: Huffman, next: number): number {
  const { count, symbol } = h;
  for (let len = 1, code = 0, first = 0, index = 0; len <= MAX_BITS; len++, code <<= 1) {
    code |= (next >>> (len - 1)) & 1;
    const n = count[len]!;
    if (code - first < n) return (symbol[index + code - first]! << 4) | len;
    index += n;
    first = (first + n) << 1;
  }
  return 0;
}

const FIXED_LITERALS = huffman(288, 9);
const FIXED_DISTANCES = huffman(30, 5);
{
  const lengths = new Uint8Array(288);
  lengths.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
  build(FIXED_LITERALS, lengths, 288);
  build(FIXED_DISTANCES, new Uint8Array(30).fill(5), 30);
}

function corrupt(what: string): Error {
  return new Error(`event record is not a valid deflate stream: ${what}`);
}

/**
 * One preset dictionary's inflater. Not reentrant, and it need not be: inflate runs start to end
 * synchronously. The working buffer grows to the longest record inflated.
 */
export class DictionaryInflater {
  private work: Buffer;
  private readonly base: number;
  /** Whether every byte of the dictionary is ASCII: then so is a text whose literals all are (see inflate). */
  private readonly asciiDictionary: boolean;
  // Every literal byte of the record being inflated OR-ed together, and whether it has a stored block.
  private literalBits = 0;
  private hasStored = false;
  // The stream being read and the bits taken from it but not used yet (LSB first).
  private input: Uint8Array = new Uint8Array(0);
  private at = 0;
  private bitBuf = 0;
  private bitCount = 0;
  private out = 0;
  private limit = 0;
  private readonly lengths = new Uint8Array(320);
  private readonly codeLengths = huffman(19, 7);
  private readonly literals = huffman(288, 9);
  private readonly distances = huffman(30, 6);

  constructor(dictionary: Uint8Array) {
    this.base = dictionary.length;
    this.work = Buffer.alloc(this.base + 4096);
    this.work.set(dictionary);
    this.asciiDictionary = dictionary.every((byte) => byte < 0x80);
  }

  /**
   * The UTF-8 text `stream` inflates to. With `length` (the text's size in bytes), a stream that
   * would inflate to more is refused as it gets there; without, the buffer grows as needed.
   */
  inflate(stream: Uint8Array, length?: number): string {
    this.input = stream;
    this.at = 0;
    this.bitBuf = 0;
    this.bitCount = 0;
    this.out = this.base;
    this.literalBits = 0;
    this.hasStored = false;
    this.limit = length === undefined ? Infinity : this.base + length;
    if (length !== undefined) this.reserve(length);
    for (let last = 0; !last;) {
      last = this.bits(1);
      const type = this.bits(2);
      if (type === 0) this.stored();
      else if (type === 1) this.codes(FIXED_LITERALS, FIXED_DISTANCES);
      else if (type === 2) {
        this.dynamic();
        this.codes(this.literals, this.distances);
      } else throw corrupt('block type 3');
    }
    const size = this.out - this.base;
    if (length !== undefined && size !== length) throw new Error(`event record inflated to ${size} bytes, not the ${length} it states`);
    // Each byte of the text is a literal or a copy of an earlier byte of the text or the dictionary,
    // so with all of those ASCII the text is too, and its Latin-1 reading (cheaper: no UTF-8 decoding
    // to check) is the same string.
    const ascii = this.asciiDictionary && this.literalBits < 0x80 && !this.hasStored;
    return this.work.toString(ascii ? 'latin1' : 'utf8', this.base, this.out);
  }

  /** Room for `n` more bytes of output after what is written. */
  private reserve(n: number): void {
    const needed = this.out + n;
    if (needed > this.limit) throw new Error(`event record inflated to more than the ${this.limit - this.base} bytes it states`);
    if (needed <= this.work.length) return;
    const grown = Buffer.alloc(Math.max(needed, this.work.length * 2));
    this.work.copy(grown, 0, 0, this.out);
    this.work = grown;
  }

  private bits(n: number): number {
    let buf = this.bitBuf;
    while (this.bitCount < n) {
      if (this.at >= this.input.length) throw corrupt('it ends early');
      buf |= this.input[this.at++]! << this.bitCount;
      this.bitCount += 8;
    }
    this.bitBuf = buf >>> n;
    this.bitCount -= n;
    return buf & ((1 << n) - 1);
  }

  /** One symbol (used by the code length codes; codes() decodes inline). */
  private decode(h: Huffman): number {
    while (this.bitCount < MAX_BITS && this.at < this.input.length) {
      this.bitBuf |= this.input[this.at++]! << this.bitCount;
      this.bitCount += 8;
    }
    const entry = h.table[this.bitBuf & h.mask]! || longCode(h, this.bitBuf);
    if (entry === 0) throw corrupt('an unused Huffman code');
    this.bits(entry & 15);
    return entry >>> 4;
  }

  private stored(): void {
    // Bits left over are those of the current byte only (bits() takes bytes as it needs them).
    this.bitBuf = 0;
    this.bitCount = 0;
    const { input, at } = this;
    if (at + 4 > input.length) throw corrupt('it ends early');
    const len = input[at]! | (input[at + 1]! << 8);
    if ((input[at + 2]! | (input[at + 3]! << 8)) !== (~len & 0xffff)) throw corrupt('a stored block whose length check fails');
    if (at + 4 + len > input.length) throw corrupt('it ends early');
    this.hasStored = true;
    this.reserve(len);
    this.work.set(input.subarray(at + 4, at + 4 + len), this.out);
    this.out += len;
    this.at = at + 4 + len;
  }

  /** A dynamic block's codes (RFC 1951 3.2.7). */
  private dynamic(): void {
    const nlen = this.bits(5) + 257;
    const ndist = this.bits(5) + 1;
    const ncode = this.bits(4) + 4;
    if (nlen > 286 || ndist > 30) throw corrupt('too many length or distance codes');
    const lengths = this.lengths;
    lengths.fill(0, 0, 19);
    for (let i = 0; i < ncode; i++) lengths[CODE_LENGTH_ORDER[i]!] = this.bits(3);
    build(this.codeLengths, lengths, 19);
    for (let i = 0; i < nlen + ndist;) {
      const symbol = this.decode(this.codeLengths);
      if (symbol < 16) {
        lengths[i++] = symbol;
        continue;
      }
      let value = 0;
      let repeat: number;
      if (symbol === 16) {
        if (i === 0) throw corrupt('a repeat with no length before it');
        value = lengths[i - 1]!;
        repeat = 3 + this.bits(2);
      } else repeat = symbol === 17 ? 3 + this.bits(3) : 11 + this.bits(7);
      if (i + repeat > nlen + ndist) throw corrupt('more code lengths than codes');
      lengths.fill(value, i, i + repeat);
      i += repeat;
    }
    if (lengths[256] === 0) throw corrupt('no end-of-block code');
    build(this.literals, lengths, nlen);
    build(this.distances, lengths.subarray(nlen), ndist);
  }

  /**
   * A block's literals and back-references, up to its end-of-block code: the hot loop, on locals and
   * without calls. Before each code and before its extra bits the bit buffer is refilled to 16 bits or
   * more (zeros past the end of the stream, which the check at the end refuses): enough for either (a
   * code is at most 15 bits, extra bits at most 13), and the buffer stays under 2^24, so V8 keeps it
   * an int32. Refilled to 25-32 bits once per code, `>>>` gave values over 2^31 and made it a double:
   * ~1.7 µs a realistic record against ~1.3 now (bench/profile-compressed-lookup.ts's inflate step).
   */
  private codes(literals: Huffman, distances: Huffman): void {
    const input = this.input;
    const inputLength = input.length;
    const limit = this.limit;
    const literalTable = literals.table;
    const literalMask = literals.mask;
    const distanceTable = distances.table;
    const distanceMask = distances.mask;
    let { at, bitBuf, bitCount, out, work, literalBits } = this;
    for (;;) {
      for (; bitCount < 16; bitCount += 8, at++) {
        if (at >= inputLength + 4) throw corrupt('it ends early');
        if (at < inputLength) bitBuf |= input[at]! << bitCount;
      }
      let entry = literalTable[bitBuf & literalMask]! || longCode(literals, bitBuf);
      if (entry === 0) throw corrupt('an unused Huffman code');
      bitBuf >>= entry & 15;
      bitCount -= entry & 15;
      const symbol = entry >> 4;
      if (symbol < 256) {
        if (out >= work.length || out >= limit) work = this.grow(out, 1);
        work[out++] = symbol;
        literalBits |= symbol;
        continue;
      }
      if (symbol === 256) break;
      const l = symbol - 257;
      if (l >= 29) throw corrupt('an invalid length code');
      let extra = LENGTH_EXTRA[l]!;
      for (; bitCount < 16; bitCount += 8, at++) {
        if (at >= inputLength + 4) throw corrupt('it ends early');
        if (at < inputLength) bitBuf |= input[at]! << bitCount;
      }
      const length = LENGTH_BASE[l]! + (bitBuf & ((1 << extra) - 1));
      bitBuf >>= extra;
      bitCount -= extra;
      for (; bitCount < 16; bitCount += 8, at++) {
        if (at >= inputLength + 4) throw corrupt('it ends early');
        if (at < inputLength) bitBuf |= input[at]! << bitCount;
      }
      entry = distanceTable[bitBuf & distanceMask]! || longCode(distances, bitBuf);
      if (entry === 0) throw corrupt('an unused Huffman code');
      bitBuf >>= entry & 15;
      bitCount -= entry & 15;
      const d = entry >> 4;
      if (d >= 30) throw corrupt('an invalid distance code');
      extra = DIST_EXTRA[d]!;
      for (; bitCount < 16; bitCount += 8, at++) {
        if (at >= inputLength + 4) throw corrupt('it ends early');
        if (at < inputLength) bitBuf |= input[at]! << bitCount;
      }
      const distance = DIST_BASE[d]! + (bitBuf & ((1 << extra) - 1));
      bitBuf >>= extra;
      bitCount -= extra;
      // The dictionary comes first in the buffer, so a distance may reach into it but no further.
      if (distance > out) throw corrupt('a distance past the dictionary');
      const end = out + length;
      if (end > work.length || end > limit) work = this.grow(out, length);
      // copyWithin is a native call (~20 ns) where the loop costs ~1 ns a byte: worth it for a copy
      // longer than a few words that does not overlap what it writes.
      if (distance >= length && length > 16) work.copyWithin(out, out - distance, end - distance);
      else for (; out < end; out++) work[out] = work[out - distance]!;
      out = end;
    }
    // Hand back the whole bytes not used yet, so a stored block after this one starts where it should.
    const spare = bitCount >>> 3;
    at -= spare;
    bitCount -= spare * 8;
    if (at > inputLength) throw corrupt('it ends early');
    this.at = at;
    this.bitBuf = bitBuf & ((1 << bitCount) - 1);
    this.bitCount = bitCount;
    this.out = out;
    this.literalBits = literalBits;
  }

  /** reserve() from the hot loop: the (maybe new) working buffer. */
  private grow(out: number, n: number): Buffer {
    this.out = out;
    this.reserve(n);
    return this.work;
  }
}
