import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { IAMClient, CreateUserCommand } from '@aws-sdk/client-iam';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';

describe('in-process gateway harness', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await gatewayHarness();
  });
  afterAll(() => h.close());

  it('serves a real SDK client in-process and records the call', async () => {
    const sts = new STSClient(h.clientConfig());
    const out = await sts.send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(h.accountId);
    const [record] = h.recordsFor(out.$metadata.requestId!);
    expect(record).toMatchObject({ eventName: 'GetCallerIdentity', eventSource: 'sts.amazonaws.com', sourceIPAddress: '127.0.0.1' });
  });

  it('signs hand-built requests', async () => {
    const body = Buffer.from('Action=GetCallerIdentity&Version=2011-06-15');
    const req = await h.sign({ method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }, 'sts');
    const res = await h.send(req);
    expect(res.status).toBe(200);
    expect(res.body).toContain(h.accountId);
  });

  it('fails closed: when the event cannot be recorded the call answers 500 and changes nothing', async () => {
    const iam = new IAMClient(h.clientConfig());
    h.app.db.exec(`CREATE TRIGGER refuse_events BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    try {
      const err = await iam.send(new CreateUserCommand({ UserName: 'ghost' })).catch((e) => e);
      expect(err.$metadata.httpStatusCode).toBe(500);
    } finally {
      h.app.db.exec('DROP TRIGGER refuse_events');
    }
    // The refused call left no user behind: creating it again succeeds.
    const again = await iam.send(new CreateUserCommand({ UserName: 'ghost' }));
    expect(again.User?.UserName).toBe('ghost');
  });
});
