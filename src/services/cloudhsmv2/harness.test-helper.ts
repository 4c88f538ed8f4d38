/** In-process CloudHSM for tests: in-memory store, fake caller, controllable clock. */
import { expect } from 'vitest';
import { model } from '../../protocol/generated/cloudhsmv2.js';
import { validateOutput } from '../../protocol/validate.js';
import { openDatabase } from '../../storage/sqlite/database.js';
import { UnitOfWork } from '../../storage/sqlite/unit-of-work.js';
import type { CallContext } from '../service.js';
import type { Principal } from '../../identity/principal.js';
import { ensureDefaultVpc, subnetsOfVpc } from '../ec2/network.js';
import { CloudHsmLifecycle } from './lifecycle.js';
import type { CloudHsmOptions } from './options.js';
import { CloudHsmV2Provider } from './provider.js';
import { migrateCloudHsm } from './schema.js';
import { directTx } from '../../storage/testing/direct-tx.js';

export const ACCOUNT = '111122223333';

export function harness(options: CloudHsmOptions = {}) {
  const db = openDatabase(':memory:');
  migrateCloudHsm(db);
  const uow = new UnitOfWork(db);
  const provider = new CloudHsmV2Provider(options);
  const lifecycle = new CloudHsmLifecycle(db, uow, options);
  let now = Date.now();

  const call = (region = 'us-east-1', accountId = ACCOUNT): CallContext => ({
    principal: { type: 'Root', accountId, arn: `arn:aws:iam::${accountId}:root` } as Principal,
    accountId,
    region,
    requestId: 'req',
    operation: 'op',
    now: new Date(now),
    sourceIp: '127.0.0.1',
    userAgent: 'test',
    secureTransport: false,
    ...directTx(db),
  });

  /** Calls an operation inside a transaction and holds its output against the model. */
  async function invoke(op: keyof CloudHSMOps, input: any, opts: { region?: string; accountId?: string } = {}): Promise<any> {
    const out = await uow.run(() => (provider as any)[op](input, call(opts.region, opts.accountId)));
    const shape = model.operations[op]!.output!;
    expect(validateOutput(model, shape, out)).toEqual([]);
    return out;
  }

  async function advance(ms: number): Promise<void> {
    now += ms;
    await lifecycle.tick(new Date(now));
  }

  /** Certificates made by openssl carry the wall-clock time; keep the fake clock from lagging behind it. */
  function catchUpWithWallClock(): void {
    now = Math.max(now, Date.now() + 1000);
  }

  function defaultSubnets(region = 'us-east-1') {
    const vpc = db.transaction(() => ensureDefaultVpc(db, region, ACCOUNT))();
    return subnetsOfVpc(db, vpc.vpc_id);
  }

  return { db, uow, provider, lifecycle, call, invoke, advance, catchUpWithWallClock, defaultSubnets, now: () => now };
}

type CloudHSMOps = Omit<CloudHsmV2Provider, 'opts' | 'verifyInitialize' | 'commitInitialize'>;

/** Expects a rejection with the given CloudHSM error code (and message fragment). */
export async function rejects(p: Promise<unknown>, code: string, message?: string | RegExp): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e as { code?: string; message: string },
  );
  expect(err, `expected ${code}`).toBeDefined();
  expect(err!.code).toBe(code);
  if (message) expect(err!.message).toMatch(message);
}
