// Signed requests for the in-process profiling scripts (bench/profile-*.ts), through the test harness's gateway.
import type { HttpRequest } from '../src/protocol/http.js';
import type { GatewayHarness } from '../test/support/gateway.js';

/**
 * A signed AWS JSON call: the X-Amz-Target and body as the SDKs send them, JSON 1.1 (CloudHSM, CloudTrail) unless
 * `version` says 1.0 (SQS).
 */
export function signedJson(h: GatewayHarness, target: string, body: object, service: string, version = '1.1'): Promise<HttpRequest> {
  return h.sign(
    {
      method: 'POST',
      path: '/',
      headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': target },
      body: Buffer.from(JSON.stringify(body)),
    },
    service,
  );
}

/** The first subnet of the region's default VPC (EC2 DescribeSubnets), for CreateCluster. */
export async function firstSubnet(h: GatewayHarness): Promise<string> {
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
  return /<subnetId>([^<]+)<\/subnetId>/.exec(subnets.body)![1]!;
}
