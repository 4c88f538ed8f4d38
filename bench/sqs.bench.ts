/**
 * SQS message path: SendMessage, SendMessageBatch and ReceiveMessage (+ DeleteMessage, as a consumer does)
 * throughput, hsmtrail against moto_server: the same SDK v3 client, requests and concurrency, the two measured
 * round by round (interleaved), so a change in machine load hits both. Every hsmtrail call is SigV4-verified,
 * IAM-authorized and recorded (SQS message calls as data events) before its answer. Receives do not long-poll
 * (WaitTimeSeconds 0), and only messages received count: an empty receive ends that consumer.
 * SQS_BENCH_MESSAGES: messages per round (default 1000).
 */
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startMotoServer } from '../test/contract/moto-server.js';
import type { Bench, BenchRow } from './harness.js';
import { startHsmtrail } from './harness.js';
import { median } from './load.js';

const ROUNDS = 3;
const MESSAGES = Number(process.env.SQS_BENCH_MESSAGES ?? 1000);
const CONCURRENCY = 16;
const BODY = JSON.stringify({
  s3Bucket: 'trail-bucket',
  s3ObjectKey: ['AWSLogs/111122223333/CloudTrail/us-east-1/2026/12/02/file.json.gz'],
});

const clientFor = (endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }) =>
  new SQSClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });

/** Runs `op` with `concurrency` in flight until `count` messages were handled (or every op found none); messages/s. */
async function throughput(count: number, concurrency: number, op: () => Promise<number>): Promise<number> {
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (done < count) {
        const n = await op();
        if (n === 0) return;
        done += n;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

type Key = 'send' | 'batch' | 'receive';

/** One round on one server: single sends, batched sends, then receive+delete of everything sent. */
async function round(sqs: SQSClient, name: string): Promise<Record<Key, number>> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '300' } }));
  const send = await throughput(MESSAGES, CONCURRENCY, async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: BODY }));
    return 1;
  });
  const entries = Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageBody: BODY }));
  const batch = await throughput(MESSAGES, CONCURRENCY, async () => {
    const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: entries }));
    return out.Successful?.length ?? 0;
  });
  // Messages received and deleted per second, 10 at a time, as Filebeat's and Falco's consumers read.
  const receive = await throughput(Number.POSITIVE_INFINITY, CONCURRENCY / 4, async () => {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    for (const m of out.Messages ?? []) await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle! }));
    return out.Messages?.length ?? 0;
  });
  return { send, batch, receive };
}

export const sqsBench: Bench = {
  name: 'sqs',
  async run(): Promise<BenchRow[]> {
    const server = await startHsmtrail();
    const moto = await startMotoServer();
    try {
      const ours = clientFor(server.endpoint, server);
      const peer = clientFor(moto.endpoint, { accessKeyId: 'testing', secretAccessKey: 'testing' });
      const r = { hsmtrail: [] as Array<Record<Key, number>>, moto: [] as Array<Record<Key, number>> };
      for (let i = 0; i < ROUNDS; i++) {
        // Alternate which goes first, so neither always runs on the warmer (or busier) machine.
        const order = i % 2 === 0 ? (['hsmtrail', 'moto'] as const) : (['moto', 'hsmtrail'] as const);
        for (const who of order) r[who].push(await round(who === 'hsmtrail' ? ours : peer, `bench-${i}`));
      }
      const med = (who: 'hsmtrail' | 'moto', k: Key) => median(r[who].map((x) => x[k]));
      const rows: Array<[Key, string]> = [
        ['send', `SendMessage (${CONCURRENCY} in flight)`],
        ['batch', `SendMessageBatch of 10 (${CONCURRENCY} in flight)`],
        ['receive', `ReceiveMessage 10 + DeleteMessage each (${CONCURRENCY / 4} consumers)`],
      ];
      return rows.flatMap(([key, benchmark]) => [
        { benchmark, subject: 'hsmtrail', value: med('hsmtrail', key), unit: 'msg/s' },
        { benchmark, subject: 'moto', value: med('moto', key), unit: 'msg/s' },
        {
          benchmark,
          subject: 'ratio hsmtrail / moto',
          value: med('hsmtrail', key) / med('moto', key),
          unit: 'x',
          note: `medians of ${ROUNDS} interleaved rounds of ${MESSAGES}; >1 = hsmtrail faster`,
        },
      ]);
    } finally {
      await moto.stop();
      await server.stop();
    }
  },
};
