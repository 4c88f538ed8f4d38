// For profiling the request path without sockets: N concurrent in-process calls through the real gateway.
//   N=40000 OP=sts node --cpu-prof --import tsx bench/profile-in-process.ts   (GetCallerIdentity; default DescribeClusters)
//   N=5000 OP=sqs CONC=1 ...   (SendMessage to one queue, an audited write; CONC: calls in flight, default 32)
import { gatewayHarness } from '../test/support/gateway.js';

const h = await gatewayHarness({ env: { HSMTRAIL_CLOUDHSM_CLUSTER_QUOTA: '1000' } });
const sqsJson = (target: string, body: object) =>
  h.sign(
    {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${target}` },
      body: Buffer.from(JSON.stringify(body)),
    },
    'sqs',
  );
const queueUrl =
  process.env.OP === 'sqs'
    ? (JSON.parse((await h.send(await sqsJson('CreateQueue', { QueueName: 'profile' }))).body) as { QueueUrl: string }).QueueUrl
    : '';
const OPS: Record<string, string> = { sts: 'GetCallerIdentity', sqs: 'SendMessage' };
const req =
  process.env.OP === 'sqs'
    ? await sqsJson('SendMessage', { QueueUrl: queueUrl, MessageBody: '{"s3Bucket":"trail-bucket","s3ObjectKey":["AWSLogs/x.json.gz"]}' })
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
      : await h.sign(
          {
            method: 'POST',
            path: '/',
            headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'BaldrApiService.DescribeClusters' },
            body: Buffer.from(JSON.stringify({ MaxResults: 25 })),
          },
          'cloudhsm',
        );
// CLUSTERS=10 seeds that many clusters first (DescribeClusters then answers all of them).
for (let i = 0; i < Number(process.env.CLUSTERS ?? 0); i++) {
  const subnets = await h.send(
    await h.sign(
      {
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: Buffer.from('Action=DescribeSubnets&Version=2016-11-15'),
      },
      'ec2',
    ),
  );
  const subnet = /<subnetId>([^<]+)<\/subnetId>/.exec(subnets.body)![1]!;
  const created = await h.send(
    await h.sign(
      {
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'BaldrApiService.CreateCluster' },
        body: Buffer.from(JSON.stringify({ HsmType: 'hsm2m.medium', SubnetIds: [subnet] })),
      },
      'cloudhsm',
    ),
  );
  if (created.status !== 200) throw new Error(created.body);
}
const N = Number(process.env.N ?? 20000);
const CONC = Number(process.env.CONC ?? 32);
let left = N;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: CONC }, async () => {
    while (left-- > 0) {
      const r = await h.send(req);
      if (r.status !== 200) throw new Error(r.body);
    }
  }),
);
const ms = performance.now() - t0;
console.log(
  `${N} ${OPS[process.env.OP ?? ''] ?? 'DescribeClusters'} calls in ${ms.toFixed(0)} ms: ${((N / ms) * 1000).toFixed(0)} req/s in-process`,
);
await h.close();
