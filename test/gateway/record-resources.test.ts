import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudTrailClient, CreateTrailCommand, LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail';
import { CloudHSMV2Client, CreateClusterCommand, CreateHsmCommand, DescribeClustersCommand } from '@aws-sdk/client-cloudhsm-v2';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { XMLParser } from 'fast-xml-parser';
import { cloudTrailBucketPolicy } from '../conformance/trail-helpers.js';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';

/**
 * Event history finds IAM users and roles, CloudHSM clusters and HSMs, and trails by ResourceName
 * and ResourceType, although only STS records (of these) carry `resources`, as in AWS.
 */
describe('event history indexes the resources of every hosted service', () => {
  let h: GatewayHarness;
  let trail: CloudTrailClient;

  beforeAll(async () => {
    h = await gatewayHarness();
    trail = new CloudTrailClient(h.clientConfig());
  });
  afterAll(() => h.close());

  async function lookup(key: 'ResourceName' | 'ResourceType', value: string): Promise<Event[]> {
    const events: Event[] = [];
    let token: string | undefined;
    do {
      const page = await trail.send(
        new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: key, AttributeValue: value }], NextToken: token }),
      );
      events.push(...(page.Events ?? []));
      token = page.NextToken;
    } while (token);
    return events;
  }

  const names = (events: Event[]) => events.map((e) => e.EventName).sort();
  const recordOf = (requestId: string) => {
    const [record] = h.recordsFor(requestId);
    expect(record).toBeDefined();
    return record!;
  };

  it('IAM users, roles, policies and access keys, by name, ARN and type; the records carry no resources', async () => {
    const iam = new IAMClient(h.clientConfig());
    const user = await iam.send(new CreateUserCommand({ UserName: 'rr-alice' }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'rr-alice' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'rr-alice', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: user.User!.Arn }, Action: 'sts:AssumeRole' }],
    });
    const role = await iam.send(new CreateRoleCommand({ RoleName: 'rr-role', AssumeRolePolicyDocument: trust }));

    expect(names(await lookup('ResourceName', 'rr-alice'))).toEqual(['AttachUserPolicy', 'CreateAccessKey', 'CreateUser']);
    expect(names(await lookup('ResourceName', user.User!.Arn!))).toEqual(['AttachUserPolicy', 'CreateAccessKey', 'CreateUser']);
    expect(names(await lookup('ResourceName', 'rr-role'))).toEqual(['CreateRole']);
    expect(names(await lookup('ResourceName', key.AccessKey!.AccessKeyId!))).toEqual(['CreateAccessKey']);
    expect(names(await lookup('ResourceName', 'ReadOnlyAccess'))).toEqual(['AttachUserPolicy']);
    expect(names(await lookup('ResourceType', 'AWS::IAM::Role'))).toContain('CreateRole');

    const [created] = await lookup('ResourceName', 'rr-role');
    expect(created!.Resources).toEqual([{ ResourceType: 'AWS::IAM::Role', ResourceName: 'rr-role' }]);
    expect(recordOf(role.$metadata.requestId!)).not.toHaveProperty('resources');
  });

  it('AssumeRole lists the role in the record, as CloudTrail does, and is found by role, session and issued key', async () => {
    const iam = new IAMClient(h.clientConfig());
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${h.accountId}:user/rr-bob` }, Action: 'sts:AssumeRole' }],
    });
    await iam.send(new CreateUserCommand({ UserName: 'rr-bob' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'rr-bob', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const bobKey = (await iam.send(new CreateAccessKeyCommand({ UserName: 'rr-bob' }))).AccessKey!;
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'rr-assumed', AssumeRolePolicyDocument: trust }))).Role!;
    const sts = new STSClient(h.clientConfig({ accessKeyId: bobKey.AccessKeyId!, secretAccessKey: bobKey.SecretAccessKey! }));
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'rr-session' }));

    const record = recordOf(out.$metadata.requestId!);
    expect(record.resources).toEqual([{ accountId: h.accountId, type: 'AWS::IAM::Role', ARN: role.Arn }]);
    expect(Object.keys(record.resources[0])).toEqual(['accountId', 'type', 'ARN']);
    expect(names(await lookup('ResourceName', role.Arn!))).toEqual(['AssumeRole', 'CreateRole']);
    expect(names(await lookup('ResourceName', out.Credentials!.AccessKeyId!))).toEqual(['AssumeRole']);
    const [assumed] = await lookup('ResourceName', 'rr-session');
    expect(assumed!.Resources).toEqual([
      { ResourceType: 'AWS::IAM::Role', ResourceName: 'rr-assumed' },
      { ResourceType: 'AWS::IAM::AccessKey', ResourceName: out.Credentials!.AccessKeyId },
      { ResourceType: 'AWS::STS::AssumedRole', ResourceName: 'rr-session' },
      { ResourceType: 'AWS::STS::AssumedRole', ResourceName: out.AssumedRoleUser!.AssumedRoleId },
    ]);
  });

  it('CloudHSM clusters and HSMs; CreateHsm keeps the user guide record shape (no resources)', async () => {
    const hsm = new CloudHSMV2Client(h.clientConfig());
    const subnet = await defaultSubnet(h);
    const cluster = (await hsm.send(new CreateClusterCommand({ HsmType: 'hsm2m.medium', SubnetIds: [subnet.id] }))).Cluster!;
    const clusterId = cluster.ClusterId!;
    h.app.start();
    await until(
      async () =>
        (await hsm.send(new DescribeClustersCommand({ Filters: { clusterIds: [clusterId] } }))).Clusters?.[0]?.State === 'UNINITIALIZED',
    );
    const created = await hsm.send(new CreateHsmCommand({ ClusterId: clusterId, AvailabilityZone: subnet.az }));
    const hsmId = created.Hsm!.HsmId!;

    expect(names(await lookup('ResourceName', clusterId))).toEqual(['CreateCluster', 'CreateHsm']);
    expect(names(await lookup('ResourceName', `arn:aws:cloudhsm:${h.region}:${h.accountId}:cluster/${clusterId}`))).toEqual([
      'CreateCluster',
      'CreateHsm',
    ]);
    expect(names(await lookup('ResourceName', hsmId))).toEqual(['CreateHsm']);
    expect(names(await lookup('ResourceType', 'AWS::CloudHSM::Cluster'))).toEqual(['CreateCluster', 'CreateHsm']);
    const [event] = await lookup('ResourceName', hsmId);
    expect(event!.Resources).toEqual([{ ResourceType: 'AWS::CloudHSM::Cluster', ResourceName: clusterId }, { ResourceName: hsmId }]);

    const record = recordOf(created.$metadata.requestId!);
    expect(record).not.toHaveProperty('resources');
    expect(record).toMatchObject({
      eventSource: 'cloudhsm.amazonaws.com',
      eventName: 'CreateHsm',
      requestParameters: { availabilityZone: subnet.az, clusterId },
    });
  });

  it('trails, by name, ARN and AWS::CloudTrail::Trail', async () => {
    const s3 = new S3Client(h.clientConfig());
    await s3.send(new CreateBucketCommand({ Bucket: 'rr-trail-bucket' }));
    await s3.send(
      new PutBucketPolicyCommand({ Bucket: 'rr-trail-bucket', Policy: cloudTrailBucketPolicy('rr-trail-bucket', h.accountId) }),
    );
    const out = await trail.send(new CreateTrailCommand({ Name: 'rr-trail', S3BucketName: 'rr-trail-bucket' }));
    const requestId = out.$metadata.requestId!;
    expect(names(await lookup('ResourceName', 'rr-trail'))).toEqual(['CreateTrail']);
    expect(names(await lookup('ResourceName', `arn:aws:cloudtrail:${h.region}:${h.accountId}:trail/rr-trail`))).toEqual(['CreateTrail']);
    expect((await lookup('ResourceType', 'AWS::CloudTrail::Trail')).map((e) => e.EventId)).toContain(recordOf(requestId).eventID);
  });
});

/** A default-for-az subnet, from the EC2 subset (signed by hand: no EC2 client is installed). */
async function defaultSubnet(h: GatewayHarness): Promise<{ id: string; az: string }> {
  const body = Buffer.from('Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=default-for-az&Filter.1.Value.1=true');
  const res = await h.send(
    await h.sign(
      { method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body },
      'ec2',
    ),
  );
  expect(res.status).toBe(200);
  const xml = new XMLParser({ isArray: (name) => name === 'item' }).parse(res.body);
  const [item] = xml.DescribeSubnetsResponse.subnetSet.item as Array<{ subnetId: string; availabilityZone: string }>;
  return { id: item!.subnetId, az: item!.availabilityZone };
}

/** Polls without a deadline of its own: the test's timeout bounds it. */
async function until(done: () => Promise<boolean>): Promise<void> {
  while (!(await done())) await new Promise((r) => setTimeout(r, 100));
}
