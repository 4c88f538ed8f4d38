import QRCode from 'qrcode';
import { mfaSerial, seedOf } from '../../../identity/mfa/devices.js';
import { newSeed, otpauthUri, verifyConsecutive } from '../../../identity/mfa/totp.js';
import type { MfaDeviceRow } from '../../../storage/ports/mfa.js';
import type { Tx } from '../../../storage/ports.js';
import type { CreateVirtualMFADeviceRequest, CreateVirtualMFADeviceResponse } from '../../../protocol/generated/iam.js';
import type { CallContext, OperationSpec } from '../../service.js';
import { iso, putTags, requireUser, userNameOrCaller, type IamDeps, type IamOps } from '../context.js';
import {
  deleteConflict,
  entityAlreadyExists,
  invalidAuthenticationCode,
  limitExceeded,
  mfaDeviceNotFound,
  validationError,
} from '../errors.js';
import { date, userShape } from '../format.js';
import { paginate } from '../pagination.js';

/** IAM allows up to eight MFA devices per user (IAM User Guide, "IAM and AWS STS quotas"). */
const DEVICES_PER_USER = 8;
const ISSUER = 'hsmtrail';

async function requireDevice(tx: Tx, serial: string): Promise<MfaDeviceRow> {
  const d = await tx.iamMfa.find(serial);
  if (!d) throw mfaDeviceNotFound(serial);
  return d;
}

/** The device, when it is assigned to the named user (AWS answers NoSuchEntity otherwise). */
async function assignedTo(tx: Tx, serial: string, userName: string) {
  const user = await requireUser(tx, userName);
  const device = await requireDevice(tx, serial);
  if (device.userId !== user.userId) throw mfaDeviceNotFound(serial);
  return { user, device };
}

interface Bootstrap {
  seed: string;
  png: Buffer;
}

async function bootstrap(input: CreateVirtualMFADeviceRequest, call: CallContext): Promise<Bootstrap> {
  const seed = newSeed();
  const uri = otpauthUri(ISSUER, `${input.VirtualMFADeviceName}@${call.accountId}`, seed);
  return { seed, png: await QRCode.toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 }) };
}

/**
 * CreateVirtualMFADevice: a new seed, and its QR code rendered off the write lock. The answer is
 * the only place the seed ever leaves (redaction keeps it out of the event; at rest it is sealed).
 */
function createVirtualMfaDevice(deps: IamDeps): OperationSpec<CreateVirtualMFADeviceRequest, CreateVirtualMFADeviceResponse, Bootstrap> {
  return {
    prepare: bootstrap,
    async execute(input, call, prepared) {
      const path = input.Path ?? '/';
      const serial = mfaSerial(call.accountId, path, input.VirtualMFADeviceName);
      const { seed, png } = prepared ?? (await bootstrap(input, call));
      const row = {
        serialNumber: serial,
        name: input.VirtualMFADeviceName,
        path,
        sealedSeed: deps.account.box.seal(seed),
        createDate: iso(call),
      };
      if (!(await call.tx.iamMfa.insert(row))) throw entityAlreadyExists('MFADevice entity at the same path and name already exists.');
      await putTags(call.tx, 'mfa', serial, input.Tags);
      const tags = await call.tx.iamEntities.tags('mfa', serial);
      return {
        VirtualMFADevice: {
          SerialNumber: serial,
          Base32StringSeed: Buffer.from(seed, 'ascii'),
          QRCodePNG: png,
          ...(tags.length ? { Tags: tags } : {}),
        },
      };
    },
  };
}

type Ops =
  | 'EnableMFADevice'
  | 'ResyncMFADevice'
  | 'DeactivateMFADevice'
  | 'DeleteVirtualMFADevice'
  | 'ListMFADevices'
  | 'ListVirtualMFADevices'
  | 'GetMFADevice'
  | 'TagMFADevice'
  | 'UntagMFADevice'
  | 'ListMFADeviceTags';

/** Virtual MFA devices (IAM API Reference, "CreateVirtualMFADevice", "EnableMFADevice" and siblings). */
export function mfaOps(deps: IamDeps): IamOps<Ops> & { CreateVirtualMFADevice: OperationSpec } {
  const codes = (d: MfaDeviceRow, c1: string, c2: string, call: CallContext, lastStep?: number) => {
    const step = verifyConsecutive(seedOf(deps.account, d), c1, c2, call.now, lastStep);
    if (step === undefined) throw invalidAuthenticationCode();
    return step;
  };
  return {
    CreateVirtualMFADevice: createVirtualMfaDevice(deps),

    async EnableMFADevice(input, call) {
      const user = await requireUser(call.tx, input.UserName);
      const device = await requireDevice(call.tx, input.SerialNumber);
      if (device.userId) throw entityAlreadyExists('MFA Device is already in use.');
      if ((await call.tx.iamMfa.devicesOf(user.userId)).length >= DEVICES_PER_USER)
        throw limitExceeded(`Cannot exceed quota for MFADevicesPerUser: ${DEVICES_PER_USER}`);
      const step = codes(device, input.AuthenticationCode1, input.AuthenticationCode2, call);
      await call.tx.iamMfa.enable(device.serialNumber, user.userId, iso(call), step);
    },

    async ResyncMFADevice(input, call) {
      const { device } = await assignedTo(call.tx, input.SerialNumber, input.UserName);
      const step = codes(device, input.AuthenticationCode1, input.AuthenticationCode2, call, device.lastStep);
      await call.tx.iamMfa.useStep(device.serialNumber, step);
    },

    async DeactivateMFADevice(input, call) {
      const { device } = await assignedTo(call.tx, input.SerialNumber, userNameOrCaller(input.UserName, call));
      await call.tx.iamMfa.deactivate(device.serialNumber);
    },

    async DeleteVirtualMFADevice(input, call) {
      const device = await requireDevice(call.tx, input.SerialNumber);
      if (device.userId) throw deleteConflict('MFA Device is still in use');
      await call.tx.iamMfa.delete(device.serialNumber);
    },

    async ListMFADevices(input, call) {
      // The root user's own devices are not modelled: root has none here.
      if (input.UserName === undefined && call.principal.type === 'Root') return { MFADevices: [], IsTruncated: false };
      const user = await requireUser(call.tx, userNameOrCaller(input.UserName, call));
      const { page, ...more } = paginate(await call.tx.iamMfa.devicesOf(user.userId), input);
      const MFADevices = page.map((d) => ({ UserName: user.name, SerialNumber: d.serialNumber, EnableDate: date(d.enableDate!) }));
      return { MFADevices, ...more };
    },

    async ListVirtualMFADevices(input, call) {
      const status = input.AssignmentStatus ?? 'Any';
      if (!['Assigned', 'Unassigned', 'Any'].includes(status)) throw validationError(`Invalid AssignmentStatus: ${status}`);
      const all = (await call.tx.iamMfa.list()).filter((d) => status === 'Any' || (status === 'Assigned') === !!d.userId);
      const { page, ...more } = paginate(all, input);
      const VirtualMFADevices = [];
      for (const d of page) {
        const user = d.userId ? await call.tx.iamEntities.userById(d.userId) : undefined;
        VirtualMFADevices.push({
          SerialNumber: d.serialNumber,
          ...(user ? { User: userShape(user), EnableDate: date(d.enableDate!) } : {}),
        });
      }
      return { VirtualMFADevices, ...more };
    },

    async GetMFADevice(input, call) {
      const device = await requireDevice(call.tx, input.SerialNumber);
      const user = device.userId ? await call.tx.iamEntities.userById(device.userId) : undefined;
      if (!user || (input.UserName !== undefined && user.name.toLowerCase() !== input.UserName.toLowerCase()))
        throw mfaDeviceNotFound(input.SerialNumber);
      return { UserName: user.name, SerialNumber: device.serialNumber, EnableDate: date(device.enableDate!) };
    },

    async TagMFADevice(input, call) {
      await putTags(call.tx, 'mfa', (await requireDevice(call.tx, input.SerialNumber)).serialNumber, input.Tags);
    },

    async UntagMFADevice(input, call) {
      const device = await requireDevice(call.tx, input.SerialNumber);
      for (const k of input.TagKeys) await call.tx.iamEntities.deleteTag('mfa', device.serialNumber, k);
    },

    async ListMFADeviceTags(input, call) {
      const device = await requireDevice(call.tx, input.SerialNumber);
      const { page, ...more } = paginate(await call.tx.iamEntities.tags('mfa', device.serialNumber), input);
      return { Tags: page, ...more };
    },
  };
}
