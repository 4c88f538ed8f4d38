/**
 * Fills an event store with realistic, varied CloudTrail events through the real recorder, for
 * event-history tests, CLI tests and the bench. Deterministic for a given seed.
 */
import { ServiceError } from '../../errors/service-error.js';
import type { Principal } from '../../identity/principal.js';
import type { ServiceDefinition } from '../../services/service.js';
import type { Store } from '../../storage/ports.js';
import { EventRecorder } from '../../audit/record/recorder.js';
import { callRecordOf } from '../../gateway/call-record.js';
import { ACCOUNT, assumedRole, cloudhsm, iam, iamUser, requestContext, root, s3, sts } from '../../audit/record/test-fixtures.js';

const bob: Principal = {
  ...iamUser,
  principalId: 'AIDAEXAMPLEBOB000000',
  arn: `arn:aws:iam::${ACCOUNT}:user/bob`,
  accessKeyId: 'AKIAEXAMPLEBOB000000',
  userName: 'bob',
  username: 'bob',
  userId: 'AIDAEXAMPLEBOB000000',
};
export const PRINCIPALS = [root, iamUser, bob, assumedRole];
export const SOURCE_IPS = ['10.0.1.10', '10.0.2.20', '192.168.1.5', '203.0.113.7'];

const cloudhsmWithResources: ServiceDefinition = {
  ...cloudhsm,
  audit: {
    resources: (_op, input: { ClusterId?: string }, _out, call) =>
      input.ClusterId
        ? [
            {
              ARN: `arn:aws:cloudhsm:${call.region}:${call.accountId}:cluster/${input.ClusterId}`,
              accountId: call.accountId,
              type: 'AWS::CloudHSM::Cluster',
            },
          ]
        : [],
  },
};

interface Call {
  service: ServiceDefinition;
  operation: string;
  input: (i: number) => Record<string, unknown>;
  output?: (i: number, account: string) => unknown;
}

export const CALLS: Call[] = [
  { service: cloudhsmWithResources, operation: 'DescribeClusters', input: () => ({}) },
  {
    service: cloudhsmWithResources,
    operation: 'CreateHsm',
    input: (i) => ({ ClusterId: `cluster-${i % 50}`, AvailabilityZone: 'us-east-1a' }),
    output: (i) => ({ Hsm: { HsmId: `hsm-${i}`, ClusterId: `cluster-${i % 50}`, State: 'CREATE_IN_PROGRESS' } }),
  },
  {
    service: cloudhsmWithResources,
    operation: 'DeleteHsm',
    input: (i) => ({ ClusterId: `cluster-${i % 50}`, HsmId: `hsm-${i}` }),
    output: (i) => ({ HsmId: `hsm-${i}` }),
  },
  { service: cloudhsmWithResources, operation: 'ListTags', input: (i) => ({ ResourceId: `cluster-${i % 50}` }) },
  { service: sts, operation: 'GetCallerIdentity', input: () => ({}) },
  {
    service: iam,
    operation: 'CreateUser',
    input: (i) => ({ UserName: `user${i}` }),
    output: (i, account) => ({
      User: { UserName: `user${i}`, Path: '/', UserId: `AIDA${i}`, Arn: `arn:aws:iam::${account}:user/user${i}`, CreateDate: new Date(0) },
    }),
  },
];

export interface GenerateOptions {
  count: number;
  /** Time of the first event; each next one is `stepMs` later. */
  start: Date;
  stepMs: number;
  seed?: number;
  /** Every n-th call is denied (errorCode AccessDenied). */
  errorEvery?: number;
  /** Every n-th call is an S3 data event, which the generator's interest always wants. */
  dataEvery?: number;
  /**
   * Values as a real deployment's records carry them, which compress worse than the fixtures':
   * another account id, current AWS CLI and SDK user agents, random UUID request ids.
   */
  realistic?: boolean;
}

const REALISTIC_ACCOUNT = '507982346117';
const REALISTIC_USER_AGENTS = [
  'aws-cli/2.22.35 md/awscrt#0.23.4 ua/2.0 os/linux#6.8.0-1021-aws md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#cloudhsmv2.describe-clusters',
  'Boto3/1.35.90 md/Botocore#1.35.90 ua/2.0 os/linux#6.8.0-1021-aws md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.90',
  'aws-sdk-js/3.723.0 ua/2.1 os/linux#6.8.0-1021-aws lang/js md/nodejs#20.18.1 api/cloudhsm-v2#3.723.0 m/E,N',
];

/** The fixtures' principals, in another account (they are plain data). */
const inAccount = (principals: Principal[], account: string): Principal[] =>
  principals.map((p) => JSON.parse(JSON.stringify(p).replaceAll(ACCOUNT, account)) as Principal);

/** Appends `count` events, in transactions of 10,000. */
export async function generateEvents(store: Store, opts: GenerateOptions): Promise<void> {
  let now = opts.start;
  const recorder = new EventRecorder({
    accountId: opts.realistic ? REALISTIC_ACCOUNT : ACCOUNT,
    defaultRegion: 'us-east-1',
    clock: () => now,
    dataEvents: { wants: () => true },
  });
  let state = opts.seed ?? 1;
  const rand = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return (state >>> 12) % n;
  };
  for (let from = 0; from < opts.count; from += 10_000) {
    await store.write(async (tx) => {
      for (let i = from; i < Math.min(opts.count, from + 10_000); i++) {
        now = new Date(opts.start.getTime() + i * opts.stepMs);
        await recorder.record(callRecordOf(contextFor(i, rand, opts)), tx);
      }
    });
  }
}

const REALISTIC_PRINCIPALS = inAccount(PRINCIPALS, REALISTIC_ACCOUNT);

/** A version 4 UUID from the generator's random numbers. */
function uuid(rand: (n: number) => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => rand(16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + rand(4)).toString(16)}${hex(3)}-${hex(12)}`;
}

/** The request id and user agent of call `i`: the fixtures' unless realistic. */
function client(i: number, rand: (n: number) => number, opts: GenerateOptions) {
  if (!opts.realistic) return { requestId: `req-${i}`, userAgent: 'aws-cli/1.45.0 Python/3.11.7' };
  return { requestId: uuid(rand), userAgent: REALISTIC_USER_AGENTS[rand(REALISTIC_USER_AGENTS.length)]! };
}

function contextFor(i: number, rand: (n: number) => number, opts: GenerateOptions) {
  const principal = (opts.realistic ? REALISTIC_PRINCIPALS : PRINCIPALS)[rand(PRINCIPALS.length)]!;
  const sourceIp = SOURCE_IPS[rand(SOURCE_IPS.length)]!;
  if (opts.dataEvery && i % opts.dataEvery === opts.dataEvery - 1) {
    return requestContext({
      service: s3,
      region: 'us-east-1',
      principal,
      sourceIp,
      operation: 'GetObject',
      input: { Bucket: 'logs', Key: `k${i}` },
      output: {},
    });
  }
  const call = CALLS[rand(CALLS.length)]!;
  const denied = opts.errorEvery !== undefined && i % opts.errorEvery === 0;
  const region = call.service.globalRegion ?? (rand(5) === 0 ? 'eu-west-1' : 'us-east-1');
  return requestContext({
    ...client(i, rand, opts),
    service: call.service,
    region,
    principal,
    sourceIp,
    operation: call.operation,
    input: call.input(i),
    ...(denied
      ? { error: new ServiceError('AccessDenied', 'User is not authorized to perform this action', { status: 403 }) }
      : { output: call.output?.(i, opts.realistic ? REALISTIC_ACCOUNT : ACCOUNT) ?? {} }),
  });
}
