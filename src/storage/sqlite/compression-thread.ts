import { Worker } from 'node:worker_threads';
import { COMPRESSION } from './record-codec.js';

/**
 * Deflates records on a worker thread, so the compaction pass costs the event loop nothing but a
 * message each way: on a 2-core machine requests keep one core while deflate (tens of µs a record,
 * mostly zlib's per-call set-up) uses the other. Same bytes as compressRecord (record-codec.ts):
 * the dictionary's number, then deflate-raw against it.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { deflateRawSync } = require('node:zlib');
const dictionary = Buffer.from(workerData.dictionary);
parentPort.on('message', ({ id, records }) => {
  const out = records.map((record) => {
    const body = deflateRawSync(record, { dictionary, level: workerData.level });
    const row = new Uint8Array(body.length + 1);
    row[0] = workerData.version;
    row.set(body, 1);
    return row;
  });
  parentPort.postMessage({ id, out });
});
`;

export class CompressionThread {
  private worker?: Worker;
  private next = 0;
  private readonly pending = new Map<number, { resolve: (rows: Uint8Array[]) => void; reject: (err: unknown) => void }>();

  compress(records: string[]): Promise<Uint8Array[]> {
    const worker = this.start();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, records });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const { version, dictionary, level } = COMPRESSION;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { version, level, dictionary: new Uint8Array(dictionary) } });
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
