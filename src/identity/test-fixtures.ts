/** An in-memory identity module plus IAM and STS, called the way the gateway calls them. */
import pino from 'pino';
import { memoryStore } from '../storage/testing/memory-store.js';
import { iamService } from '../services/iam/service.js';
import { stsService } from '../services/sts/service.js';
import type { CallContext, OperationSpec, ServiceDefinition } from '../services/service.js';
import type { Protocol } from '../protocol/http.js';
import type { Tx } from '../storage/ports.js';
import type { AccessKeyLookup } from './credentials.js';
import { createIdentity } from './index.js';
import type { Principal } from './principal.js';
import { rootPrincipal } from './root-credentials.js';

export const ACCOUNT = '123456789012';
export const ROOT_KEY = 'AKIAROOTROOTROOTROOT';

export function identityFixture(now = () => new Date('2026-03-01T12:00:00Z')) {
  const { store, db } = memoryStore();
  const identity = createIdentity({
    store,
    account: { accountId: ACCOUNT, rootAccessKeyId: ROOT_KEY, rootSecretAccessKey: 'r'.repeat(40), createdAt: '2026-01-01T00:00:00Z' },
    defaultRegion: 'us-east-1',
    logger: pino({ level: 'silent' }),
  });
  const iam = iamService({ account: identity.account, lastUsed: identity.lastUsed });
  const sts = stsService(identity.account);
  const root = rootPrincipal(ACCOUNT, ROOT_KEY);

  const callFor = (principal: Principal, operation: string, tx: Tx): CallContext => ({
    principal,
    accountId: principal.accountId,
    region: 'us-east-1',
    requestId: 'req',
    operation,
    now: now(),
    sourceIp: '192.0.2.10',
    userAgent: 'test',
    secureTransport: false,
    tx,
    read: (fn) => store.read(fn),
    afterCommit(fn) {
      this.tx.afterCommit(fn);
    },
  });

  /** Authorizes on a read snapshot and executes in a write transaction (like the gateway); returns the output. */
  const invoke =
    (service: ServiceDefinition, protocol: Protocol) =>
    async (operation: string, input: Record<string, unknown> = {}, principal: Principal = root): Promise<any> => {
      const call = await store.read(async (tx) => {
        const call = callFor(principal, operation, tx);
        const requests = (await service.authorize?.(operation, input, call)) ?? [
          { action: `${service.actionPrefix}:${operation}`, resource: '*' },
        ];
        const subject = {
          principal,
          protocol,
          service: service.actionPrefix,
          operation,
          region: 'us-east-1',
          sourceIp: call.sourceIp,
          secureTransport: false,
          time: call.now,
        };
        await identity.authorizer.authorize(subject, requests, tx);
        return call;
      });
      const op = service.operations[operation];
      if (!op) throw new Error(`no ${operation}`);
      return store.write((tx) => {
        call.tx = tx;
        return (typeof op === 'function' ? op : (op as OperationSpec).execute)(input, call, undefined);
      });
    };

  /** The access key record, as SigV4 verification would see it on a fresh snapshot. */
  const findAccessKey = (accessKeyId: string) => store.read((tx) => identity.credentials.findAccessKey(tx, accessKeyId));
  /** What verifySigV4 takes: the lookup bound to a snapshot. */
  const keys: AccessKeyLookup = { findAccessKey };
  /** The principal a key resolves to. */
  const principalOf = async (accessKeyId: string) => (await findAccessKey(accessKeyId))!.principal;

  return {
    store,
    db,
    identity,
    root,
    iam: invoke(iam, 'query'),
    sts: invoke(sts, 'query'),
    principalOf,
    findAccessKey,
    keys,
    invokeAs: invoke,
  };
}

/** Runs fn and returns the ServiceError it throws or rejects with (fails the test when nothing is thrown). */
export async function errorOf(fn: () => unknown): Promise<{ code: string; status: number; message: string }> {
  try {
    await fn();
  } catch (err) {
    return err as { code: string; status: number; message: string };
  }
  throw new Error('expected an error');
}
