import { it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CloudHSMV2Client, DescribeClustersCommand } from '@aws-sdk/client-cloudhsm-v2';
import { startServer } from '/work/main/test/support/server.js';
import { createDeliveryBucket, createLoggingTrail, flush, listKeys, s3Client, trailClient, getObject } from '/work/main/test/conformance/trail-helpers.js';
it('dbg', async () => {
  const server = await startServer({ args: ['--digest-period', '2', '--delivery-interval', '1'] });
  const s3 = s3Client(server);
  await createDeliveryBucket(s3, 'b', server.accountId);
  await createLoggingTrail(server, 't', 'b');
  const hsm = new CloudHSMV2Client({ endpoint: server.endpoint, region: 'us-east-1', credentials: server, maxAttempts: 1 });
  await hsm.send(new DescribeClustersCommand({}));
  await new Promise((r) => setTimeout(r, 2100));
  await flush(server.awsEnv(), 't');
  await trailClient(server).send(new StopLoggingCommand({ Name: 't' }));
  await flush(server.awsEnv(), 't');
  await new Promise((r) => setTimeout(r, 3000));
  const keys = (await listKeys(s3, 'b')).sort();
  for (const k of keys) {
    const j = JSON.parse(gunzipSync(await getObject(s3, 'b', k)).toString());
    if (k.includes('Digest')) console.log(k.split('/').pop(), j.digestStartTime, j.digestEndTime, j.logFiles.map((l: any) => l.s3Object.split('_').pop()), j.previousDigestS3Object?.split('_').pop());
    else console.log(k.split('/').pop(), j.Records.map((r: any) => `${r.eventTime} ${r.eventName}`));
  }
  await server.stop();
}, 60000);
