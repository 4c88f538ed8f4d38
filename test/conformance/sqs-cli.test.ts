/**
 * SQS from the AWS CLI and boto3 against a spawned `hsmtrail serve` (both speak JSON 1.0 and read the
 * query-compatible error code), then kill -9 right after SendMessage was answered: the message is there after
 * the restart (it committed before the answer).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';
import { awsBatch, cliErrorCode, cliJson, hasTool, python } from '../support/tools.js';

const enabled = hasTool('aws') && hasTool('python3');
const dataDir = mkdtempSync(join(tmpdir(), 'hsmtrail-sqs-'));
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) if (s.process.exitCode === null && s.process.signalCode === null) await s.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

// The attributes' MD5 as the SQS Developer Guide's "Calculating the MD5 message digest for message attributes" says,
// written here apart from the server's: names sorted; each name, type and value 4-byte length-prefixed (UTF-8); a
// transport byte 1 (string) or 2 (binary) before the value.
const BOTO3 = String.raw`
import boto3, botocore, hashlib, json, os, struct
from botocore.config import Config
def attributes_md5(attrs):
  h = hashlib.md5()
  prefixed = lambda b: struct.pack(">I", len(b)) + b
  for name in sorted(attrs):
    a = attrs[name]
    h.update(prefixed(name.encode()) + prefixed(a["DataType"].encode()))
    if "StringValue" in a:
      h.update(b"\x01" + prefixed(a["StringValue"].encode()))
    else:
      h.update(b"\x02" + prefixed(a["BinaryValue"]))
  return h.hexdigest()
sqs = boto3.client("sqs", config=Config(retries={"max_attempts": 1}))
url = sqs.get_queue_url(QueueName="cli-queue")["QueueUrl"]
attributes = {"n": {"DataType": "Number", "StringValue": "7"}, "kind": {"DataType": "String.custom", "StringValue": "héllo"},
  "raw": {"DataType": "Binary", "BinaryValue": bytes([0, 1, 2, 255])}}
sent = sqs.send_message(QueueUrl=url, MessageBody="from boto3", MessageAttributes=attributes)
sent["expectedMD5OfMessageAttributes"] = attributes_md5(attributes)
got = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"], WaitTimeSeconds=1)["Messages"]
sqs.delete_message(QueueUrl=url, ReceiptHandle=got[0]["ReceiptHandle"])
try:
  sqs.get_queue_url(QueueName="missing")
  code = None
except botocore.exceptions.ClientError as e:
  code = e.response["Error"]["Code"]
print(json.dumps({"sent": sent, "got": got, "code": code}, default=lambda b: b.hex()))
`;

describe.runIf(enabled)('SQS with the AWS CLI and boto3, and kill -9', () => {
  it('create, send, receive, delete with the CLI; the same queue from boto3; the message survives kill -9', async () => {
    const first = await startServer({ dataDir });
    servers.push(first);
    const env = first.awsEnv();
    // AWS CLI v1 pins SQS's endpoint (awscli/customizations/overridesslcommonname.py) over AWS_ENDPOINT_URL.
    const sqs = (server: RunningServer, ...args: string[]) => ['sqs', ...args, '--endpoint-url', server.endpoint];
    const [created, sent, received, missing] = await awsBatch(env, [
      sqs(first, 'create-queue', '--queue-name', 'cli-queue', '--attributes', 'VisibilityTimeout=20'),
      sqs(first, 'send-message', '--queue-url', `${first.endpoint}/${first.accountId}/cli-queue`, '--message-body', 'from the cli'),
      sqs(first, 'receive-message', '--queue-url', `${first.endpoint}/${first.accountId}/cli-queue`, '--attribute-names', 'All'),
      sqs(first, 'get-queue-url', '--queue-name', 'missing'),
    ]);
    const url = cliJson(created, 'create-queue').QueueUrl as string;
    expect(url).toBe(`${first.endpoint}/${first.accountId}/cli-queue`);
    expect(cliJson(sent, 'send-message').MD5OfMessageBody).toBe(createHash('md5').update('from the cli').digest('hex'));
    const [m] = cliJson(received, 'receive-message').Messages;
    expect(m).toMatchObject({ Body: 'from the cli', Attributes: { ApproximateReceiveCount: '1' } });
    expect(cliErrorCode(missing, 'get-queue-url')).toBe('AWS.SimpleQueueService.NonExistentQueue');
    const [deleted] = await awsBatch(env, [sqs(first, 'delete-message', '--queue-url', url, '--receipt-handle', m.ReceiptHandle)]);
    expect(deleted!.status).toBe(0);

    const py = await python(env, BOTO3);
    expect(py.stderr).toBe('');
    const out = JSON.parse(py.stdout);
    expect(out.got).toHaveLength(1);
    expect(out.sent.MD5OfMessageAttributes).toBe(out.sent.expectedMD5OfMessageAttributes);
    expect(out.got[0]).toMatchObject({ Body: 'from boto3', MD5OfMessageAttributes: out.sent.MD5OfMessageAttributes });
    expect(out.code).toBe('AWS.SimpleQueueService.NonExistentQueue');

    const [durable] = await awsBatch(env, [sqs(first, 'send-message', '--queue-url', url, '--message-body', 'survives kill -9')]);
    const messageId = cliJson(durable, 'send-message').MessageId;
    await first.stop('SIGKILL');

    const second = await startServer({ dataDir });
    servers.push(second);
    const secondUrl = `${second.endpoint}/${second.accountId}/cli-queue`;
    const [after] = await awsBatch(second.awsEnv(), [sqs(second, 'receive-message', '--queue-url', secondUrl)]);
    expect(cliJson(after, 'receive-message').Messages).toEqual([
      expect.objectContaining({ MessageId: messageId, Body: 'survives kill -9' }),
    ]);
  }, 180_000);
});
