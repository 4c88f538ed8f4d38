/**
 * The root user in IAM's MFA calls. AWS lets only the root user itself, signed in to the console,
 * assign or remove its MFA device: "You cannot enable an MFA device for the AWS account root user
 * with the AWS CLI, AWS API ... However, you can use the AWS Management Console" (IAM User Guide,
 * "Assign MFA devices in the AWS CLI or AWS API",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_cliapi.html). CloudTrail
 * records those console calls as EnableMFADevice by the Root identity with requestParameters
 * `userName: "AWS ROOT USER"` (CloudTrail User Guide, "AWS Management Console sign-in events",
 * example "Root user, MFA changed"). The console here sends that same name; it is no valid IAM user
 * name, so only a root console session can use it and every other caller gets the pattern's error.
 */
import { model, type User } from '../../protocol/generated/iam.js';
import { validateInput } from '../../protocol/validate.js';
import { queryErrors } from '../../protocol/wire-errors.js';
import { rootOwnerId } from '../../identity/mfa/devices.js';
import type { Tx } from '../../storage/ports.js';
import type { CallContext } from '../service.js';
import { mfaDeviceNotFound } from './errors.js';

export const ROOT_USER_NAME = 'AWS ROOT USER';

/** The operations in which the console names the root user so. */
export const ROOT_MFA_OPERATIONS = new Set(['EnableMFADevice', 'ResyncMFADevice', 'DeactivateMFADevice']);

export const rootArn = (accountId: string) => `arn:aws:iam::${accountId}:root`;

/**
 * True when the call names the root user (and may); false for an IAM user name. Anyone but a root
 * console session naming the root user gets the ValidationError the name's pattern gives.
 */
export function namesRoot(operation: string, input: { UserName?: string }, call: CallContext): boolean {
  if (input.UserName !== ROOT_USER_NAME) return false;
  if (call.principal.type === 'Root' && call.principal.consoleSession) return true;
  throw queryErrors.validation(validateInput(model, `${operation}Request`, input));
}

/**
 * The root user as ListVirtualMFADevices' User: the account's id and ARN, created with the account.
 * Like GetUser for root (ops/users.ts), without Path and UserName, though the model marks them required.
 */
export function rootUserShape(accountId: string, createDate: Date): User {
  return { UserId: accountId, Arn: rootArn(accountId), CreateDate: createDate } as User;
}

/**
 * The operator's way back in when the root user's device is lost (AWS's own, signing in with
 * alternative factors, is outside its APIs): the root user's devices, or the one named, are
 * unassigned and deleted in the caller's transaction. Resolves the serial numbers removed.
 */
export async function removeRootMfaDevices(tx: Tx, accountId: string, serial?: string): Promise<string[]> {
  const devices = (await tx.iamMfa.devicesOf(rootOwnerId(accountId))).filter(
    (d) => serial === undefined || d.serialNumber.toLowerCase() === serial.toLowerCase(),
  );
  if (serial !== undefined && devices.length === 0) throw mfaDeviceNotFound(serial);
  for (const d of devices) {
    await tx.iamMfa.deactivate(d.serialNumber);
    await tx.iamMfa.delete(d.serialNumber);
  }
  return devices.map((d) => d.serialNumber);
}
