/** An in-memory identity module plus IAM and STS, called the way the gateway calls them. */
import pino from 'pino';
import { openDatabase } from '../storage/sqlite/database.js';
import { UnitOfWork } from '../storage/sqlite/unit-of-work.js';
import { iamService } from '../services/iam/service.js';
import { stsService } from '../services/sts/provider.js';
import type { AuthorizationRequest, CallContext, OperationSpec, ServiceDefinition } from '../services/service.js';
import type { RequestContext } from '../gateway/context.js';
import type { Protocol } from '../protocol/http.js';
import { createIdentity } from './index.js';
import type { Principal } from './principal.js';
import { directTx } from '../storage/testing/direct-tx.js';

export const ACCOUNT = '123456789012';
export const ROOT_KEY = 'AKIAROOTROOTROOTROOT';

export function identityFixture(now = () => new Date('2026-03-01T12:00:00Z')) {
  const db = openDatabase(':memory:');
  const uow = new UnitOfWork(db);
  const identity = createIdentity({
    db,
    uow,
    account: { accountId: ACCOUNT, rootAccessKeyId: ROOT_KEY, rootSecretAccessKey: 'r'.repeat(40), createdAt: '2026-01-01T00:00:00Z' },
    defaultRegion: 'us-east-1',
    logger: pino({ level: 'silent' }),
  });
  const iam = iamService({ store: identity.store, lastUsed: identity.lastUsed });
  const sts = stsService(identity.store);
  const root = identity.credentials.findAccessKey(ROOT_KEY)!.principal;

  const callFor = (principal: Principal, operation: string): CallContext => ({
    principal,
    accountId: principal.accountId,
    region: 'us-east-1',
    requestId: 'req',
    operation,
    now: now(),
    sourceIp: '192.0.2.10',
    userAgent: 'test',
    secureTransport: false,
    ...directTx(db),
  });

  /** Authorizes (like the gateway) and executes one operation; returns its output. */
  const invoke =
    (service: ServiceDefinition, protocol: Protocol) =>
    (operation: string, input: Record<string, unknown> = {}, principal: Principal = root) => {
      const call = callFor(principal, operation);
      // Transitional: IAM's and STS's authorize are still synchronous.
      const requests = (service.authorize?.(operation, input, call) as AuthorizationRequest[] | undefined) ?? [
        { action: `${service.actionPrefix}:${operation}`, resource: '*' },
      ];
      const ctx = {
        principal,
        protocol,
        service,
        operation,
        receivedAt: call.now,
        sourceIp: call.sourceIp,
        region: 'us-east-1',
      } as unknown as RequestContext;
      identity.authorizer.authorize(ctx, requests);
      const op = service.operations[operation];
      if (!op) throw new Error(`no ${operation}`);
      return (typeof op === 'function' ? op : (op as OperationSpec).execute)(input, call, undefined) as any;
    };

  /** The principal a key resolves to, as SigV4 verification would see it. */
  const principalOf = (accessKeyId: string) => identity.credentials.findAccessKey(accessKeyId)!.principal;

  return { db, identity, store: identity.store, root, iam: invoke(iam, 'query'), sts: invoke(sts, 'query'), principalOf, invokeAs: invoke };
}

/** Runs fn and returns the ServiceError it throws (fails the test when nothing is thrown). */
export function errorOf(fn: () => unknown): { code: string; status: number; message: string } {
  try {
    fn();
  } catch (err) {
    return err as { code: string; status: number; message: string };
  }
  throw new Error('expected an error');
}
