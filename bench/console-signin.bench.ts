/**
 * Console sign-ins per second, in-process (the console backend over the real gateway and store, no
 * socket or browser): password only, and password then a virtual MFA code. Each MFA sign-in uses a
 * user of its own, since a device accepts a code once (the replay guard). Both are scrypt-bound.
 */
import {
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import type { Bench, BenchRow } from './harness.js';
import { gatewayHarness, type GatewayHarness } from '../test/support/gateway.js';
import { stepAt, totp } from '../src/identity/mfa/totp.js';

const SIGNINS = Number(process.env.BENCH_SIGNINS ?? 60);
const CONCURRENCY = 4;
const PASSWORD = 'Bench-Passw0rd!';

async function post(h: GatewayHarness, path: string, body: object, cookie?: string) {
  const headers: Record<string, string> = { host: '127.0.0.1:4599', 'content-type': 'application/json' };
  if (cookie) headers.cookie = cookie;
  const res = await h.app.console.handle({ method: 'POST', path, headers, body: Buffer.from(JSON.stringify(body)), sourceIp: '127.0.0.1' });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  return { cookie: /^([\w-]+=[^;]+)/.exec(res.headers['set-cookie'] ?? '')?.[1], body: res.body };
}

/** Runs `count` tasks, `CONCURRENCY` at a time; answers tasks per second. */
async function rate(count: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await task(next++);
    }),
  );
  return count / ((performance.now() - t0) / 1000);
}

export const consoleSignInBench: Bench = {
  name: 'console-signin',
  async run(): Promise<BenchRow[]> {
    const h = await gatewayHarness();
    try {
      const iam = new IAMClient(h.clientConfig());
      const seeds: string[] = [];
      await iam.send(new CreateUserCommand({ UserName: 'plain' }));
      await iam.send(new CreateLoginProfileCommand({ UserName: 'plain', Password: PASSWORD }));
      for (let i = 0; i < SIGNINS; i++) {
        const name = `mfa-${i}`;
        await iam.send(new CreateUserCommand({ UserName: name }));
        await iam.send(new CreateLoginProfileCommand({ UserName: name, Password: PASSWORD }));
        const { VirtualMFADevice: d } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }));
        const seed = Buffer.from(d!.Base32StringSeed!).toString('ascii');
        const s = stepAt(new Date()) - 1; // enabled with old codes: the current one stays unused
        await iam.send(
          new EnableMFADeviceCommand({
            UserName: name,
            SerialNumber: d!.SerialNumber!,
            AuthenticationCode1: totp(seed, s - 1),
            AuthenticationCode2: totp(seed, s),
          }),
        );
        seeds.push(seed);
      }
      const plain = await rate(SIGNINS, async () => {
        await post(h, '/console/api/signin', { accountId: h.accountId, userName: 'plain', password: PASSWORD });
      });
      const mfa = await rate(SIGNINS, async (i) => {
        const first = await post(h, '/console/api/signin', { accountId: h.accountId, userName: `mfa-${i}`, password: PASSWORD });
        await post(h, '/console/api/signin/mfa', { code: totp(seeds[i]!, stepAt(new Date())) }, first.cookie);
      });
      const note = `in-process, ${SIGNINS} sign-ins, ${CONCURRENCY} concurrent; each mints an STS session and records ConsoleLogin`;
      return [
        { benchmark: 'console sign-ins: password only', subject: 'hsmtrail', value: plain, unit: 'sign-ins/s', note },
        {
          benchmark: 'console sign-ins: password + virtual MFA code',
          subject: 'hsmtrail',
          value: mfa,
          unit: 'sign-ins/s',
          note: 'two requests each',
        },
      ];
    } finally {
      await h.close();
    }
  },
};
