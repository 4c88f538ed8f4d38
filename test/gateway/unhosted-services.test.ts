import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';

/**
 * Requests for AWS services hsmtrail does not host are answered in the protocol their client reads, with
 * a message naming the service, and recorded like any other failed call.
 */
const HOSTED = 'cloudhsmv2, cloudtrail, ec2, events, iam, s3, sns, sqs, sts';

describe('unhosted services', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await gatewayHarness();
  });
  afterAll(() => h.close());

  const json = (target: string, version = '1.0') => ({
    headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': target },
    body: Buffer.from('{}'),
  });
  const form = (body: string) => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(body) });

  it.each([
    { service: 'dynamodb', eventName: 'ListTables', ...json('DynamoDB_20120810.ListTables') },
    { service: 'kms', eventName: 'ListKeys', ...json('TrentService.ListKeys', '1.1') },
    // SQS is hosted now; SWF is another awsJson 1.0 service.
    { service: 'swf', eventName: 'ListDomains', ...json('SimpleWorkflowService.ListDomains') },
  ])('$service (awsJson) gets a JSON 400 naming the service, and one event', async ({ service, eventName, headers, body }) => {
    const res = await h.send(await h.sign({ method: 'POST', path: '/', headers, body }, service));
    expect(res.status).toBe(400);
    expect(res.headers['x-amzn-errortype']).toBe('UnknownOperationException');
    const parsed = JSON.parse(res.body);
    expect(parsed.__type).toBe('UnknownOperationException');
    expect(parsed.message).toBe(`Service ${service} is not hosted by hsmtrail; it serves ${HOSTED}`);
    const records = h.recordsFor(res.headers['x-amzn-requestid']!);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      eventSource: `${service}.amazonaws.com`,
      eventName,
      errorCode: 'UnknownOperationException',
      awsRegion: h.region,
      userIdentity: { type: 'Root', accessKeyId: h.credentials.accessKeyId },
    });
  });

  // SNS is hosted now; CloudFormation is another awsQuery service.
  it('cloudformation (awsQuery) gets an XML InvalidAction naming the service, and one event', async () => {
    const res = await h.send(
      await h.sign({ method: 'POST', path: '/', ...form('Action=ListStacks&Version=2010-05-15') }, 'cloudformation'),
    );
    expect(res.status).toBe(400);
    expect(res.body).toContain('<Code>InvalidAction</Code>');
    expect(res.body).toContain(`<Message>Service cloudformation is not hosted by hsmtrail; it serves ${HOSTED}</Message>`);
    const [record, ...more] = h.recordsFor(res.headers['x-amzn-requestid']!);
    expect(more).toHaveLength(0);
    expect(record).toMatchObject({
      eventSource: 'cloudformation.amazonaws.com',
      eventName: 'ListStacks',
      errorCode: 'InvalidAction',
      readOnly: true,
    });
  });

  it('a restJson service named only by its scope gets the JSON envelope', async () => {
    const res = await h.send(await h.sign({ method: 'GET', path: '/2015-03-31/functions/' }, 'lambda'));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).message).toMatch(/^Service lambda is not hosted by hsmtrail/);
    expect(h.recordsFor(res.headers['x-amzn-requestid']!)).toHaveLength(1);
  });

  it('an unhosted X-Amz-Target without any signature is still named, in JSON', async () => {
    const res = await h.send({ method: 'POST', path: '/', ...json('DynamoDB_20120810.ListTables') });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    expect(h.recordsFor(res.headers['x-amzn-requestid']!)).toHaveLength(1);
  });

  it('a bad signature for an unhosted service is refused as a bad signature', async () => {
    const signed = await h.sign({ method: 'POST', path: '/', ...json('TrentService.ListKeys', '1.1') }, 'kms');
    const res = await h.send({ ...signed, body: Buffer.from('{"Limit":1}') });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).__type).toBe('InvalidSignatureException');
    expect(h.recordsFor(res.headers['x-amzn-requestid']!)).toHaveLength(1);
  });

  it('the server keeps serving hosted services', async () => {
    const res = await h.send(await h.sign({ method: 'POST', path: '/', ...form('Action=GetCallerIdentity&Version=2011-06-15') }, 'sts'));
    expect(res.status).toBe(200);
  });
});
