import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { cloudTrailBucketPolicy } from '../conformance/trail-helpers.js';
import type { GatewayHarness } from './gateway.js';

/**
 * S3 object-level calls are data events, recorded only when a logging trail selects them: this
 * creates a delivery bucket and a logging trail whose selectors take every object call on `buckets`.
 */
export async function recordS3DataEvents(h: GatewayHarness, buckets: string[]): Promise<void> {
  const s3 = new S3Client(h.clientConfig());
  const ct = new CloudTrailClient(h.clientConfig());
  const logs = 'data-event-trail-logs';
  await s3.send(new CreateBucketCommand({ Bucket: logs }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: logs, Policy: cloudTrailBucketPolicy(logs, h.accountId) }));
  await ct.send(new CreateTrailCommand({ Name: 'data-events', S3BucketName: logs }));
  await ct.send(new StartLoggingCommand({ Name: 'data-events' }));
  await ct.send(
    new PutEventSelectorsCommand({
      TrailName: 'data-events',
      EventSelectors: [
        {
          ReadWriteType: 'All',
          IncludeManagementEvents: true,
          DataResources: [{ Type: 'AWS::S3::Object', Values: buckets.map((b) => `arn:aws:s3:::${b}/`) }],
        },
      ],
    }),
  );
}
