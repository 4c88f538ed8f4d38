/**
 * Virtual MFA devices as sign-in, STS and IAM use them: the serial number, the seed (sealed at rest)
 * and the check of one code against a user's enabled device, with the replay guard moved forward.
 */
import type { IamAccount } from '../account.js';
import type { MfaDeviceRow } from '../../storage/ports/mfa.js';
import type { Repositories } from '../../storage/ports.js';
import { verifyCode } from './totp.js';

/** `arn:aws:iam::<account>:mfa<path><name>`: virtual devices' serial numbers are their ARNs. */
export const mfaSerial = (accountId: string, path: string, name: string) => `arn:aws:iam::${accountId}:mfa${path}${name}`;

/** The root user's devices are stored as assigned to this id: the account id, root's aws:userid. */
export const rootOwnerId = (accountId: string) => accountId;

export const seedOf = (account: IamAccount, d: MfaDeviceRow): string => account.box.open(d.sealedSeed);

/**
 * The step a code is valid for on one of the user's enabled devices (`serial` when given), or
 * undefined. Read-only: the caller records the step with `useStep` in its write transaction.
 */
export async function checkUserCode(
  tx: Pick<Repositories, 'iamMfa'>,
  account: IamAccount,
  userId: string,
  code: unknown,
  now: Date,
  serial?: string,
): Promise<{ device: MfaDeviceRow; step: number } | undefined> {
  for (const device of await tx.iamMfa.devicesOf(userId)) {
    if (serial !== undefined && device.serialNumber.toLowerCase() !== serial.toLowerCase()) continue;
    const step = verifyCode(seedOf(account, device), code, now, device.lastStep);
    if (step !== undefined) return { device, step };
  }
  return undefined;
}
