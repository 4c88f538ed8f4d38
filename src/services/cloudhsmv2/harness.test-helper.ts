/** In-process CloudHSM for tests: in-memory store, fake caller, controllable clock. */
import { expect } from 'vitest';
import { model } from '../../protocol/generated/cloudhsmv2.js';
import { validateOutput } from '../../protocol/validate.js';
import type { Tx } from '../../storage/ports.js';
import { SqliteStore } from '../../storage/sqlite/store.js';
import { SecretBox } from '../../identity/store/secret-box.js';
import type { CallContext } from '../service.js';
import type { Principal } from '../../identity/principal.js';
import { ensureDefaultVpc } from '../ec2/network.js';
import { CloudHsmLifecycle } from './lifecycle.js';
import type { CloudHsmOptions } from './options.js';
import { CloudHsmV2Provider } from './provider.js';

export const ACCOUNT = '111122223333';

export function harness(options: CloudHsmOptions = {}) {
  const store = new SqliteStore(':memory:');
  const provider = new CloudHsmV2Provider(options);
  const box = SecretBox.ephemeral();
  const lifecycle = new CloudHsmLifecycle(store, box, options);
  let now = Date.now();

  /** A call whose transaction (and read snapshot) is `tx`: nested store calls would deadlock in memory mode. */
  const call = (tx: Tx, region = 'us-east-1', accountId = ACCOUNT): CallContext => ({
    principal: { type: 'Root', accountId, arn: `arn:aws:iam::${accountId}:root` } as Principal,
    accountId,
    region,
    requestId: 'req',
    operation: 'op',
    now: new Date(now),
    sourceIp: '127.0.0.1',
    userAgent: 'test',
    secureTransport: false,
    tx,
    read: async (fn) => fn(tx),
    afterCommit: tx.afterCommit,
  });

  /** Calls an operation inside a transaction and holds its output against the model. */
  async function invoke(op: keyof CloudHSMOps, input: any, opts: { region?: string; accountId?: string } = {}): Promise<any> {
    const out = await store.write((tx) => (provider as any)[op](input, call(tx, opts.region, opts.accountId)));
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
    return store.write(async (tx) => tx.network.subnetsOfVpc((await ensureDefaultVpc(tx.network, region, ACCOUNT)).vpcId));
  }

  return { store, box, provider, lifecycle, call, invoke, advance, catchUpWithWallClock, defaultSubnets, now: () => now };
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
