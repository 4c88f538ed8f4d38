/**
 * Prints a record dictionary module (src/storage/sqlite/record-dictionary-<n>.ts): CloudTrail field
 * names and values this server writes, then one record of each shape the event generator produces
 * through the real recorder. Run once per dictionary version: a committed version never changes, since
 * compressed rows name the version they need. Usage: npx tsx scripts/build-record-dictionary.ts 1
 */
import { SqliteStore } from '../src/storage/sqlite/store.js';
import { generateEvents } from '../src/query/testing/generate-events.js';

/** Fields and values of other services' records (deflate finds the longest match anywhere in the window). */
const FRAGMENTS = [
  '"errorCode":"AccessDenied","errorMessage":"User: arn:aws:iam::',
  ' is not authorized to perform: ',
  '"additionalEventData":{"SignatureVersion":"SigV4","CipherSuite":"ECDHE-RSA-AES128-GCM-SHA256","bytesTransferredIn":0,"AuthenticationMethod":"AuthHeader","x-amz-id-2":"',
  '"bytesTransferredOut":',
  '"tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"',
  '"sessionCredentialFromConsole":"true"',
  '"requestParameters":{"bucketName":"","Host":"","key":""}',
  '"resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::"},{"accountId":"","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::"}]',
  '"eventSource":"s3.amazonaws.com","eventName":"PutObject"',
  '"eventSource":"sqs.amazonaws.com","eventName":"SendMessage","requestParameters":{"queueUrl":"https://sqs.us-east-1.amazonaws.com/',
  '"eventSource":"sns.amazonaws.com","eventName":"Publish","requestParameters":{"topicArn":"arn:aws:sns:us-east-1:',
  '"eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances"',
  '"eventSource":"cloudtrail.amazonaws.com","eventName":"LookupEvents"',
  '"eventSource":"sts.amazonaws.com","eventName":"AssumeRole","requestParameters":{"roleArn":"arn:aws:iam::","roleSessionName":""},"responseElements":{"credentials":{"accessKeyId":"ASIA","sessionToken":"","expiration":""},"assumedRoleUser":{"assumedRoleId":"AROA","arn":"arn:aws:sts::',
  '"userIdentity":{"type":"AWSService","invokedBy":"',
  '"eventType":"AwsServiceEvent"',
  '"eventType":"AwsConsoleSignIn","eventName":"ConsoleLogin","responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"LoginTo":"","MobileVersion":"No","MFAUsed":"No"}',
  '"eventCategory":"Data"}',
  '"readOnly":true,',
];

const shapeOf = (record: string): string => {
  const r = JSON.parse(record) as { eventName: string; userIdentity: { type: string }; errorCode?: string; awsRegion: string };
  return `${r.eventName} ${r.errorCode ?? ''}`;
};

const store = new SqliteStore(':memory:');
await generateEvents(store, { count: 4000, start: new Date('2026-01-01T00:00:00Z'), stepMs: 1000, errorEvery: 17, dataEvery: 97 });
const records = (await store.read((tx) => tx.events.readAfter(0, 4000))).map((e) => e.record);
const byShape = new Map<string, string>();
for (const record of records) if (!byShape.has(shapeOf(record))) byShape.set(shapeOf(record), record);
// Every identity type once more, then the shapes: the nearest bytes are the cheapest to refer to.
const identities = new Map<string, string>();
for (const record of records) {
  const identity = JSON.stringify((JSON.parse(record) as { userIdentity: { type: string } }).userIdentity);
  identities.set(JSON.parse(identity).type as string, `"userIdentity":${identity}`);
}
const text = [...FRAGMENTS, ...identities.values(), ...byShape.values()].join('');
if (text.length > 30_000) throw new Error(`dictionary of ${text.length} bytes: deflate's window is 32 KiB`);
store.close();
const version = Number(process.argv[2] ?? 1);
process.stdout.write(`/** Record dictionary ${version} (scripts/build-record-dictionary.ts): never edit, compressed rows depend on it. */
export const RECORD_DICTIONARY_${version} = ${JSON.stringify(text)};
`);
