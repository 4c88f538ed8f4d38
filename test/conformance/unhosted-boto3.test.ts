/**
 * boto3 clients of services hsmtrail does not host show the server's message (not "Unknown"), whatever
 * protocol they speak: CloudFormation (awsQuery; SNS is hosted now), DynamoDB and SWF (awsJson 1.0), KMS (awsJson 1.1). One python
 * process, one server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';
import { hasTool, python } from '../support/tools.js';

const enabled = hasTool('python3');

const SCRIPT = String.raw`
import boto3, botocore, json
from botocore.config import Config
config = Config(retries={"max_attempts": 1})
calls = {
  "cloudformation": lambda c: c.list_stacks(),
  "dynamodb": lambda c: c.list_tables(),
  "kms": lambda c: c.list_keys(),
  "swf": lambda c: c.list_domains(registrationStatus="REGISTERED"),
}
out = {}
for service, call in calls.items():
    try:
        call(boto3.client(service, config=config))
        out[service] = "no error"
    except botocore.exceptions.ClientError as e:
        out[service] = {"code": e.response["Error"]["Code"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"], "text": str(e)}
trail = boto3.client("cloudtrail", config=config)
out["events"] = {
  s: [ev["EventName"] for ev in trail.lookup_events(LookupAttributes=[{"AttributeKey": "EventSource", "AttributeValue": s + ".amazonaws.com"}])["Events"]]
  for s in calls
}
print(json.dumps(out))
`;

const HOSTED = 'cloudhsmv2, cloudtrail, ec2, events, iam, s3, sns, sqs, sts';

describe.runIf(enabled)('boto3: services hsmtrail does not host', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('shows the server message for cloudformation, dynamodb, kms and swf, and each call is recorded', async () => {
    const r = await python(server.awsEnv(), SCRIPT);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    const expected = (service: string, code: string, operation: string) => ({
      code,
      status: 400,
      text: `An error occurred (${code}) when calling the ${operation} operation: Service ${service} is not hosted by hsmtrail; it serves ${HOSTED}`,
    });
    expect(out).toEqual({
      cloudformation: expected('cloudformation', 'InvalidAction', 'ListStacks'),
      dynamodb: expected('dynamodb', 'UnknownOperationException', 'ListTables'),
      kms: expected('kms', 'UnknownOperationException', 'ListKeys'),
      swf: expected('swf', 'UnknownOperationException', 'ListDomains'),
      events: { cloudformation: ['ListStacks'], dynamodb: ['ListTables'], kms: ['ListKeys'], swf: ['ListDomains'] },
    });
  }, 120_000);
});
