import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateAccessKeyCommand, CreateUserCommand, DeleteAccessKeyCommand, IAMClient } from '@aws-sdk/client-iam';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const getCallerIdentity = { method: 'POST', path: '/', headers: form, body: Buffer.from('Action=GetCallerIdentity&Version=2011-06-15') };

/** What authentication learns from the store, through the real gateway. */
describe('identity on the request snapshot', () => {
  let h: GatewayHarness;
  let iam: IAMClient;
  let key: { accessKeyId: string; secretAccessKey: string };
  beforeAll(async () => {
    h = await gatewayHarness();
    iam = new IAMClient(h.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: 'claimant' }));
    const created = (await iam.send(new CreateAccessKeyCommand({ UserName: 'claimant' }))).AccessKey!;
    key = { accessKeyId: created.AccessKeyId!, secretAccessKey: created.SecretAccessKey! };
  });
  afterAll(() => h.close());

  const requestIdOf = (res: { headers: Record<string, string>; body: string }) =>
    res.headers['x-amzn-requestid'] ?? /<RequestId>([^<]+)<\/RequestId>/.exec(res.body)?.[1];

  it("records the claimed key's account when a known key signs wrongly, and none for an unknown key", async () => {
    const wrong = await h.send(await h.sign(getCallerIdentity, 'sts', { ...key, secretAccessKey: 'x'.repeat(40) }));
    expect(wrong.status).toBe(403);
    const [known] = h.recordsFor(requestIdOf(wrong)!);
    expect(known!.userIdentity).toMatchObject({ accessKeyId: key.accessKeyId, accountId: h.accountId });

    const unknown = await h.send(
      await h.sign(getCallerIdentity, 'sts', { accessKeyId: 'AKIANOSUCHKEY0000000', secretAccessKey: 'x'.repeat(40) }),
    );
    expect(unknown.status).toBe(403);
    const [record] = h.recordsFor(requestIdOf(unknown)!);
    expect(record!.userIdentity.accessKeyId).toBe('AKIANOSUCHKEY0000000');
    expect(record!.userIdentity).not.toHaveProperty('accountId');
  });

  it('refuses a deleted key on the very next request', async () => {
    const ok = await h.send(await h.sign(getCallerIdentity, 'sts', key));
    expect(ok.status).toBe(200);
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'claimant', AccessKeyId: key.accessKeyId }));
    const refused = await h.send(await h.sign(getCallerIdentity, 'sts', key));
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('InvalidClientTokenId');
  });
});
