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
  output?: (i: number) => unknown;
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
    output: (i) => ({
      User: { UserName: `user${i}`, Path: '/', UserId: `AIDA${i}`, Arn: `arn:aws:iam::${ACCOUNT}:user/user${i}`, CreateDate: new Date(0) },
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
}

/** Appends `count` events, in transactions of 10,000. */
export async function generateEvents(store: Store, opts: GenerateOptions): Promise<void> {
  let now = opts.start;
  const recorder = new EventRecorder({
    accountId: ACCOUNT,
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

function contextFor(i: number, rand: (n: number) => number, opts: GenerateOptions) {
  const principal = PRINCIPALS[rand(PRINCIPALS.length)]!;
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
    requestId: `req-${i}`,
    service: call.service,
    region,
    principal,
    sourceIp,
    userAgent: 'aws-cli/1.45.0 Python/3.11.7',
    operation: call.operation,
    input: call.input(i),
    ...(denied
      ? { error: new ServiceError('AccessDenied', 'User is not authorized to perform this action', { status: 403 }) }
      : { output: call.output?.(i) ?? {} }),
  });
}
