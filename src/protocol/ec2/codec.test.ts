import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../errors/service-error.js';
import { codecFor } from '../codec.js';
import { model as ec2 } from '../generated/ec2.js';

const codec = codecFor(ec2);
const form = (body: string) => ({
  method: 'POST',
  path: '/',
  query: '',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: Buffer.from(body),
});

describe('EC2 query dialect', () => {
  it('reads Filter.N.Name / Filter.N.Value.M and flattened id lists (as botocore sends them)', () => {
    const body =
      'Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-1&Filter.1.Value.2=vpc-2&SubnetId.1=subnet-a&MaxResults=10';
    expect(codec.parse(form(body))).toEqual({
      operation: 'DescribeSubnets',
      input: { Filters: [{ Name: 'vpc-id', Values: ['vpc-1', 'vpc-2'] }], SubnetIds: ['subnet-a'], MaxResults: 10 },
    });
  });

  it('answers unknown actions and bad numbers in EC2 vocabulary', () => {
    const code = (body: string) => {
      try {
        codec.parse(form(body));
        return 'ok';
      } catch (e) {
        return (e as ServiceError).code;
      }
    };
    expect(code('Action=RunInstances&Version=2016-11-15')).toBe('InvalidAction');
    expect(code('Action=DescribeVpcs&Version=2016-11-15&MaxResults=many')).toBe('InvalidParameterValue');
  });

  it('writes <XResponse><requestId> with item lists and locationNames', () => {
    const res = codec.serialize(
      'DescribeVpcs',
      { Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', IsDefault: true, Tags: [{ Key: 'Name', Value: 'main' }] }] },
      { requestId: 'r1' },
    );
    expect(res.body.toString()).toBe(
      '<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r1</requestId><vpcSet><item>' +
        '<isDefault>true</isDefault><tagSet><item><key>Name</key><value>main</value></item></tagSet>' +
        '<vpcId>vpc-1</vpcId><cidrBlock>10.0.0.0/16</cidrBlock></item></vpcSet></DescribeVpcsResponse>',
    );
  });

  it('writes EC2 error envelopes', () => {
    const res = codec.serializeError(new ServiceError('InvalidVpcID.NotFound', "The vpc ID 'vpc-x' does not exist"), { requestId: 'r2' });
    expect(res.status).toBe(400);
    expect(res.body.toString()).toBe(
      '<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code><Message>The vpc ID &apos;vpc-x&apos; does not exist</Message></Error></Errors><RequestID>r2</RequestID></Response>',
    );
  });
});
