/**
 * @aws-sdk/client-cloudhsm-v2 (3.332.0) over a real socket to a spawned server: the error shape SDK
 * users branch on (`err.name`, `$metadata.httpStatusCode`, the request id). The getting-started flow
 * and the paginators run in-process (test/gateway/cloudhsm-sdk.test.ts): same SDK, same app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloudHSMV2Client,
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
  TagResourceCommand,
} from '@aws-sdk/client-cloudhsm-v2';
import { startServer, type RunningServer } from '../support/server.js';

let server: RunningServer;
let hsm: CloudHSMV2Client;

const client = (region = 'us-east-1') => new CloudHSMV2Client({ endpoint: server.endpoint, region, credentials: server, maxAttempts: 1 });

beforeAll(async () => {
  server = await startServer();
  hsm = client();
});
afterAll(async () => {
  await server?.stop();
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: any) => {
      expect(e.$metadata?.requestId).toMatch(/^[0-9a-f-]{36}$/);
      return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
    },
  );

describe('SDK v3: CloudHSM v2', () => {
  it('reports errors with the modelled name and HTTP status', async () => {
    const unknown = await failure(hsm.send(new DeleteClusterCommand({ ClusterId: 'cluster-aaaaaaaaaaa' })));
    expect(unknown).toEqual({
      name: 'CloudHsmResourceNotFoundException',
      status: 400,
      message: "Cluster 'cluster-aaaaaaaaaaa' not found.",
    });
    const token = await failure(hsm.send(new DescribeClustersCommand({ NextToken: 'garbage' })));
    expect(token).toMatchObject({ name: 'CloudHsmInvalidRequestException', status: 400 });
    const tag = await failure(hsm.send(new TagResourceCommand({ ResourceId: 'cluster-aaaaaaaaaaa', TagList: [{ Key: 'k', Value: 'v' }] })));
    expect(tag).toMatchObject({ name: 'CloudHsmResourceNotFoundException', status: 400 });
    const badSubnet = await failure(
      hsm.send(new CreateClusterCommand({ HsmType: 'hsm2m.medium', SubnetIds: ['subnet-0000000000000000f'] })),
    );
    expect(badSubnet).toMatchObject({ name: 'CloudHsmInvalidRequestException', status: 400 });
  });
});
