import { IAMClient, AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import type { RequestContext } from '../src/gateway/context.js';
import type { Bench, BenchRow } from './harness.js';
import { signed, startHsmtrail } from './harness.js';
import { load, median } from './load.js';
import { identityFixture } from '../src/identity/test-fixtures.js';

const ROUNDS = 3;
const POLICIES = 10;
const STATEMENTS = 10;
const EVALUATIONS = 20_000;

/** Ten policies of ten statements; only the last statement of the last policy allows the action. */
function policyDocument(p: number): string {
  const Statement = Array.from({ length: STATEMENTS }, (_, s) => ({
    Effect: 'Allow',
    Action: p === POLICIES - 1 && s === STATEMENTS - 1 ? 'iam:GetUser' : `cloudhsm:Describe${p}x${s}*`,
    Resource: s % 2 ? '*' : `arn:aws:iam::*:user/team${s}/*`,
    ...(s % 3 === 0 ? { Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '127.0.0.0/8'] } } } : {}),
  }));
  return JSON.stringify({ Version: '2012-10-17', Statement });
}

/** In-process cost of one authorization for that user (policy set cached, as on the hot path). */
function evaluationCost(): BenchRow {
  const f = identityFixture();
  f.iam('CreateUser', { UserName: 'bench' });
  for (let p = 0; p < POLICIES; p++) {
    const arn = f.iam('CreatePolicy', { PolicyName: `p${p}`, PolicyDocument: policyDocument(p) }).Policy.Arn;
    f.iam('AttachUserPolicy', { UserName: 'bench', PolicyArn: arn });
  }
  const key = f.iam('CreateAccessKey', { UserName: 'bench' }).AccessKey;
  const principal = f.principalOf(key.AccessKeyId);
  const ctx = { principal, protocol: 'query', receivedAt: new Date(), sourceIp: '127.0.0.1', region: 'us-east-1' } as unknown as RequestContext;
  const requests = [{ action: 'iam:GetUser', resource: principal.arn }];
  const samples: number[] = [];
  for (let i = 0; i < EVALUATIONS; i++) {
    const t = process.hrtime.bigint();
    f.identity.authorizer.authorize(ctx, requests);
    samples.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  return { benchmark: `policy evaluation (${POLICIES}×${STATEMENTS} statements)`, subject: 'hsmtrail p50', value: median(samples), unit: 'µs' };
}

/** iam GetUser signed by an IAM user (policy-checked) next to the same call by root. */
export const identityBench: Bench = {
  name: 'identity',
  async run(): Promise<BenchRow[]> {
    const rows = [evaluationCost()];
    const server = await startHsmtrail();
    try {
      const iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey } });
      await iam.send(new CreateUserCommand({ UserName: 'bench' }));
      for (let p = 0; p < POLICIES; p++) {
        const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: `p${p}`, PolicyDocument: policyDocument(p) }));
        await iam.send(new AttachUserPolicyCommand({ UserName: 'bench', PolicyArn: Policy!.Arn }));
      }
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bench' }))).AccessKey!;
      const body = 'Action=GetUser&Version=2010-05-08&UserName=bench';
      const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
      const asUser = await signed(server, { service: 'iam', headers, body }, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
      const asRoot = await signed(server, { service: 'iam', headers, body });
      const user = [];
      const root = [];
      for (let i = 0; i < ROUNDS; i++) {
        root.push(await load({ url: asRoot.url, method: 'POST', headers: asRoot.headers, body }));
        user.push(await load({ url: asUser.url, method: 'POST', headers: asUser.headers, body }));
      }
      const bad = [...user, ...root].find((r) => Object.keys(r.statuses).some((s) => s !== '200'));
      if (bad) throw new Error(`non-200 answers: ${JSON.stringify(bad.statuses)}`);
      const userRps = median(user.map((r) => r.rps));
      const rootRps = median(root.map((r) => r.rps));
      rows.push(
        { benchmark: 'iam GetUser (SigV4)', subject: 'IAM user, 10 policies', value: userRps, unit: 'req/s' },
        { benchmark: 'iam GetUser (SigV4)', subject: 'root', value: rootRps, unit: 'req/s' },
        { benchmark: 'iam GetUser (SigV4)', subject: 'user / root', value: (100 * userRps) / rootRps, unit: '%' },
      );
      return rows;
    } finally {
      await server.stop();
    }
  },
};
