import { IAMClient, AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import type { AuthorizationCall } from '../src/identity/authorization-call.js';
import type { Bench, BenchRow } from './harness.js';
import { signed, startHsmtrail } from './harness.js';
import { load, median } from './load.js';
import { identityFixture } from '../src/identity/test-fixtures.js';

const ROUNDS = 3;
const POLICIES = 10;
const STATEMENTS = 10;
const EVALUATIONS = 20_000;
const PATHOLOGICAL_EVALUATIONS = 2_000;
/** Key length of the pathological case; PATHOLOGICAL_KEY_LENGTH shrinks it to time backtracking matchers. */
const PATHOLOGICAL_KEY = 'a'.repeat(Number(process.env.PATHOLOGICAL_KEY_LENGTH ?? 200));
/** Twelve `*a` runs and no `b` in the value: exponential for a backtracking (regex) matcher. */
const STARS = '*a'.repeat(12) + '*b';

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
function subject(principal: AuthorizationCall['principal'], protocol: AuthorizationCall['protocol']): AuthorizationCall {
  return { principal, protocol, time: new Date(), sourceIp: '127.0.0.1', region: 'us-east-1', secureTransport: false };
}

async function evaluationCost(): Promise<BenchRow> {
  const f = identityFixture();
  await f.iam('CreateUser', { UserName: 'bench' });
  for (let p = 0; p < POLICIES; p++) {
    const arn = (await f.iam('CreatePolicy', { PolicyName: `p${p}`, PolicyDocument: policyDocument(p) })).Policy.Arn;
    await f.iam('AttachUserPolicy', { UserName: 'bench', PolicyArn: arn });
  }
  const key = (await f.iam('CreateAccessKey', { UserName: 'bench' })).AccessKey;
  const principal = await f.principalOf(key.AccessKeyId);
  const ctx = subject(principal, 'query');
  const requests = [{ action: 'iam:GetUser', resource: principal.arn }];
  const samples: number[] = [];
  for (let i = 0; i < EVALUATIONS; i++) {
    const t = process.hrtime.bigint();
    await f.store.read((tx) => f.identity.authorizer.authorize(ctx, requests, tx));
    samples.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  return {
    benchmark: `policy evaluation (${POLICIES}×${STATEMENTS} statements)`,
    subject: 'hsmtrail p50',
    value: median(samples),
    unit: 'µs',
  };
}

/**
 * Glob shapes that make a backtracking matcher explode, each against a value that almost matches:
 * bucket-policy Resource and NotResource entries, StringLike and ArnLike conditions.
 */
function pathologicalCases(): Array<{
  name: string;
  statement: Record<string, unknown>;
  resource: string;
  context?: Record<string, string>;
}> {
  const resource = `arn:aws:s3:::bucket-r/${PATHOLOGICAL_KEY}`;
  const deny = { Effect: 'Deny', Principal: '*', Action: 's3:GetObject' };
  return [
    { name: 'Resource', statement: { ...deny, Resource: `arn:aws:s3:::bucket-r/${STARS}` }, resource },
    // A trailing `*` (no anchored tail to fail fast) and `?`s inside the segments.
    { name: 'Resource *…b*', statement: { ...deny, Resource: `arn:aws:s3:::bucket-r/${STARS}*` }, resource },
    { name: 'Resource ?', statement: { ...deny, Resource: `arn:aws:s3:::bucket-r/${'*?a'.repeat(12)}*b*` }, resource },
    { name: 'NotResource', statement: { ...deny, NotResource: [`arn:aws:s3:::bucket-r/${STARS}`, resource] }, resource },
    {
      name: 'StringLike',
      statement: { ...deny, Resource: '*', Condition: { StringLike: { 's3:prefix': STARS } } },
      resource,
      context: { 's3:prefix': PATHOLOGICAL_KEY },
    },
    {
      name: 'ArnLike',
      statement: { ...deny, Resource: '*', Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${STARS}` } } },
      resource,
      context: { 'aws:SourceArn': resource },
    },
  ];
}

/** Worst p50 over the pathological cases: one authorization of GetObject under a bucket policy that does not deny it. */
async function pathologicalCost(): Promise<BenchRow> {
  const f = identityFixture();
  await f.iam('CreateUser', { UserName: 'reader' });
  await f.iam('PutUserPolicy', {
    UserName: 'reader',
    PolicyName: 'read',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
  });
  const principal = await f.principalOf((await f.iam('CreateAccessKey', { UserName: 'reader' })).AccessKey.AccessKeyId);
  const ctx = subject(principal, 'rest-xml');
  let worst = { name: '', p50: 0 };
  for (const c of pathologicalCases()) {
    const resourcePolicy = JSON.stringify({ Version: '2012-10-17', Statement: [c.statement] });
    const requests = [{ action: 's3:GetObject', resource: c.resource, resourcePolicy, ...(c.context ? { context: c.context } : {}) }];
    const samples: number[] = [];
    for (let i = 0; i < PATHOLOGICAL_EVALUATIONS; i++) {
      const t = process.hrtime.bigint();
      await f.store.read((tx) => f.identity.authorizer.authorize(ctx, requests, tx));
      samples.push(Number(process.hrtime.bigint() - t) / 1000);
    }
    const p50 = median(samples);
    if (p50 > worst.p50) worst = { name: c.name, p50 };
  }
  const benchmark = `pathological glob (${STARS.length}-char pattern, ${PATHOLOGICAL_KEY.length}-char key)`;
  return { benchmark, subject: 'hsmtrail worst p50', value: worst.p50, unit: 'µs', note: worst.name };
}

/** The in-process evaluator rows alone: `npm run bench -- evaluator`. */
export const evaluatorBench: Bench = {
  name: 'evaluator',
  run: async () => [await evaluationCost(), await pathologicalCost()],
};

/** iam GetUser signed by an IAM user (policy-checked) next to the same call by root. */
export const identityBench: Bench = {
  name: 'identity',
  async run(): Promise<BenchRow[]> {
    const rows = [await evaluationCost(), await pathologicalCost()];
    const server = await startHsmtrail();
    try {
      const iam = new IAMClient({
        endpoint: server.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
      });
      await iam.send(new CreateUserCommand({ UserName: 'bench' }));
      for (let p = 0; p < POLICIES; p++) {
        const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: `p${p}`, PolicyDocument: policyDocument(p) }));
        await iam.send(new AttachUserPolicyCommand({ UserName: 'bench', PolicyArn: Policy!.Arn }));
      }
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bench' }))).AccessKey!;
      const body = 'Action=GetUser&Version=2010-05-08&UserName=bench';
      const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
      const asUser = await signed(
        server,
        { service: 'iam', headers, body },
        { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
      );
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
