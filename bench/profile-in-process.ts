// For profiling the request path without sockets: N concurrent in-process calls through the real gateway.
//   N=40000 OP=sts node --cpu-prof --import tsx bench/profile-in-process.ts   (GetCallerIdentity; OP=lookup: LookupEvents 50;
//   OP=sqs: SendMessage to one queue, an audited write; default DescribeClusters 25). CONC: calls in flight, default 32.
import { gatewayHarness } from '../test/support/gateway.js';
import { firstSubnet, signedJson } from './in-process.js';

const h = await gatewayHarness({ env: { HSMTRAIL_CLOUDHSM_CLUSTER_QUOTA: '1000000' } });
const OPS: Record<string, [name: string, service: string, target: string, body: object]> = {
  describe: ['DescribeClusters', 'cloudhsm', 'BaldrApiService.DescribeClusters', { MaxResults: 25 }],
  lookup: ['LookupEvents', 'cloudtrail', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents', { MaxResults: 50 }],
};
const [opName, service, target, input] = OPS[process.env.OP ?? 'describe'] ?? OPS.describe!;
/** OP=sqs: a CloudTrail notification's body sent to a queue made here (JSON 1.0, as the SDKs speak SQS). */
async function sendMessage() {
  const created = await h.send(await signedJson(h, 'AmazonSQS.CreateQueue', { QueueName: 'profile' }, 'sqs', '1.0'));
  const { QueueUrl } = JSON.parse(created.body) as { QueueUrl: string };
  const MessageBody = '{"s3Bucket":"trail-bucket","s3ObjectKey":["AWSLogs/x.json.gz"]}';
  return signedJson(h, 'AmazonSQS.SendMessage', { QueueUrl, MessageBody }, 'sqs', '1.0');
}
const req =
  process.env.OP === 'sqs'
    ? await sendMessage()
    : process.env.OP === 'sts'
      ? await h.sign(
          {
            method: 'POST',
            path: '/',
            headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
            body: Buffer.from('Action=GetCallerIdentity&Version=2011-06-15'),
          },
          'sts',
        )
      : await signedJson(h, target, input, service);
// CLUSTERS=10 seeds that many clusters first, each with its CreateCluster event (DescribeClusters answers 25 at most).
const subnet = await firstSubnet(h);
const create = await signedJson(h, 'BaldrApiService.CreateCluster', { HsmType: 'hsm2m.medium', SubnetIds: [subnet] }, 'cloudhsm');
let seeds = Number(process.env.CLUSTERS ?? 0);
await Promise.all(
  Array.from({ length: 32 }, async () => {
    while (seeds-- > 0) {
      const created = await h.send(create);
      if (created.status !== 200) throw new Error(created.body);
    }
  }),
);
const N = Number(process.env.N ?? 20000);
const CONC = Number(process.env.CONC ?? 32);
let left = N;
const t0 = performance.now();
const cpu0 = process.cpuUsage(); // CPU per call: steadier than the rate on a shared machine
await Promise.all(
  Array.from({ length: CONC }, async () => {
    while (left-- > 0) {
      const r = await h.send(req);
      if (r.status !== 200) throw new Error(r.body);
    }
  }),
);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(
  `${N} ${{ sts: 'GetCallerIdentity', sqs: 'SendMessage' }[process.env.OP ?? ''] ?? opName} calls in ${ms.toFixed(0)} ms: ${((N / ms) * 1000).toFixed(0)} req/s in-process, ${((cpu.user + cpu.system) / N).toFixed(0)} µs CPU per call`,
);
await h.close();
