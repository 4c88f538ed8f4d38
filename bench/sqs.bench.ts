/**
 * SQS message path: SendMessage and ReceiveMessage (+ DeleteMessage, as a consumer does) throughput,
 * hsmtrail against moto_server in the same run, the same SDK v3 client and concurrency. Every hsmtrail
 * call is SigV4-verified, IAM-authorized and recorded (SQS message calls as data events) before its answer.
 */
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startMotoServer } from '../test/contract/moto-server.js';
import type { Bench, BenchRow } from './harness.js';
import { startHsmtrail } from './harness.js';
import { median } from './load.js';

const ROUNDS = 3;
const MESSAGES = 1000;
const CONCURRENCY = 16;
const BODY = JSON.stringify({
  s3Bucket: 'trail-bucket',
  s3ObjectKey: ['AWSLogs/111122223333/CloudTrail/us-east-1/2026/12/02/file.json.gz'],
});

const clientFor = (endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }) =>
  new SQSClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });

/** Runs `count` operations with `concurrency` in flight; returns operations per second. */
async function throughput(count: number, concurrency: number, op: () => Promise<number>): Promise<number> {
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (done < count) done += await op();
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

async function measure(sqs: SQSClient): Promise<Record<string, number>> {
  const r: Record<string, number[]> = { send: [], receive: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `bench-${round}`, Attributes: { VisibilityTimeout: '300' } }));
    r.send!.push(
      await throughput(MESSAGES, CONCURRENCY, async () => {
        await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: BODY }));
        return 1;
      }),
    );
    // Messages received and deleted per second, 10 at a time, as Filebeat's and Falco's consumers read.
    r.receive!.push(
      await throughput(MESSAGES, CONCURRENCY / 4, async () => {
        const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
        for (const m of out.Messages ?? []) await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle! }));
        return Math.max(out.Messages?.length ?? 0, 1);
      }),
    );
  }
  return { send: median(r.send!), receive: median(r.receive!) };
}

export const sqsBench: Bench = {
  name: 'sqs',
  async run(): Promise<BenchRow[]> {
    const server = await startHsmtrail();
    const moto = await startMotoServer();
    try {
      const ours = await measure(clientFor(server.endpoint, server));
      const peer = await measure(clientFor(moto.endpoint, { accessKeyId: 'testing', secretAccessKey: 'testing' }));
      const rows: Array<[string, string]> = [
        ['send', `SendMessage (${CONCURRENCY} in flight)`],
        ['receive', `ReceiveMessage 10 + DeleteMessage each (${CONCURRENCY / 4} consumers)`],
      ];
      return rows.flatMap(([key, benchmark]) => [
        { benchmark, subject: 'hsmtrail', value: ours[key]!, unit: 'msg/s' },
        { benchmark, subject: 'moto', value: peer[key]!, unit: 'msg/s' },
        { benchmark, subject: 'ratio hsmtrail / moto', value: ours[key]! / peer[key]!, unit: 'x', note: 'medians; >1 = hsmtrail faster' },
      ]);
    } finally {
      await moto.stop();
      await server.stop();
    }
  },
};
