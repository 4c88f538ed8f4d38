import { CreateUserCommand, GetUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import { createDatabase, hasPostgres } from '../support/postgres.js';

/**
 * The real gateway on the PostgreSQL engine (HSMTRAIL_DATABASE_URL), through IAM and STS: SigV4,
 * IAM authorization and the audit event in the call's transaction all run on PostgreSQL. Under
 * CI=true missing PostgreSQL binaries fail (hasPostgres), never skip.
 */
describe.skipIf(!hasPostgres())('the gateway on PostgreSQL: identity', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await gatewayHarness({ env: { HSMTRAIL_DATABASE_URL: await createDatabase() } });
  });
  afterAll(() => h?.close());

  const events = () => h.app.store.read((tx) => tx.events.readAfter(0, 100));

  it('creates and reads IAM users, names unique case-insensitively, each call recorded', async () => {
    const iam = new IAMClient(h.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: 'Alice', Path: '/team/' }));
    await expect(iam.send(new CreateUserCommand({ UserName: 'alice' }))).rejects.toMatchObject({ name: 'EntityAlreadyExistsException' });
    expect((await iam.send(new GetUserCommand({ UserName: 'ALICE' }))).User).toMatchObject({ UserName: 'Alice', Path: '/team/' });
    expect((await iam.send(new ListUsersCommand({}))).Users?.map((u) => u.UserName)).toEqual(['Alice']);
    const names = (await events()).map((e) => e.eventName);
    expect(names).toEqual(expect.arrayContaining(['CreateUser', 'GetUser', 'ListUsers']));
    expect(names.filter((n) => n === 'CreateUser')).toHaveLength(2); // the refused call is recorded too
  });

  it('answers STS GetCallerIdentity for the root credentials', async () => {
    const sts = new STSClient(h.clientConfig());
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(h.accountId);
    expect((await events()).at(-1)).toMatchObject({ eventName: 'GetCallerIdentity', eventSource: 'sts.amazonaws.com' });
  });
});
