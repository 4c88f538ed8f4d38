import { Worker } from 'node:worker_threads';
import { DEFLATE, type RecordDictionary } from './record-codec.js';

/**
 * Deflates records on a worker thread, so the compaction pass costs the event loop nothing but a
 * message each way: on a 2-core machine requests keep one core while deflate (~100 µs a record, most
 * of it zlib hashing the preset dictionary anew for each call) uses the other. Same bytes as compressRecord (record-codec.ts):
 * the dictionary's number (then, past dictionary 1, the text's length as an unsigned LEB128 varint),
 * then deflate-raw against it. Each batch names its dictionary; the thread
 * keeps the ones it was sent by number (a committed dictionary never changes).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { constants, deflateRawSync } = require('node:zlib');
const dictionaries = new Map();
parentPort.on('message', ({ id, dictionary, records }) => {
  if (dictionary.bytes) dictionaries.set(dictionary.id, Buffer.from(dictionary.bytes));
  const bytes = dictionaries.get(dictionary.id);
  const out = records.map((record) => {
    const text = Buffer.from(record, 'utf8');
    const fixed = text.length <= workerData.fixedCodesUpTo ? { strategy: constants.Z_FIXED } : {};
    const body = deflateRawSync(text, { dictionary: bytes, level: workerData.level, ...fixed });
    const header = [dictionary.id];
    if (dictionary.id !== 1) {
      let n = text.length;
      for (; n >= 0x80; n = Math.floor(n / 0x80)) header.push((n % 0x80) | 0x80);
      header.push(n);
    }
    const row = new Uint8Array(header.length + body.length);
    row.set(header, 0);
    row.set(body, header.length);
    return row;
  });
  parentPort.postMessage({ id, out });
});
`;

export class CompressionThread {
  private worker?: Worker;
  private next = 0;
  private readonly sent = new Set<number>();
  private readonly pending = new Map<number, { resolve: (rows: Uint8Array[]) => void; reject: (err: unknown) => void }>();

  compress(records: string[], dictionary: RecordDictionary): Promise<Uint8Array[]> {
    const worker = this.start();
    const id = this.next++;
    const bytes = this.sent.has(dictionary.id) ? undefined : new Uint8Array(dictionary.bytes);
    this.sent.add(dictionary.id);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, dictionary: { id: dictionary.id, bytes }, records });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: DEFLATE });
    this.sent.clear();
    worker.unref();
    worker.on('message', ({ id, out }: { id: number; out: Uint8Array[] }) => {
      this.pending.get(id)?.resolve(out);
      this.pending.delete(id);
    });
    const fail = (err: unknown) => {
      if (this.worker === worker) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`compression thread exited (${code})`)));
    this.worker = worker;
    return worker;
  }
}
