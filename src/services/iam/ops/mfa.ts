import QRCode from 'qrcode';
import { mfaSerial, rootOwnerId, seedOf } from '../../../identity/mfa/devices.js';
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
import { namesRoot, ROOT_USER_NAME, rootUserShape } from '../root-user.js';

/** IAM allows up to eight MFA devices per user (IAM User Guide, "IAM and AWS STS quotas"). */
const DEVICES_PER_USER = 8;
const ISSUER = 'hsmtrail';

async function requireDevice(tx: Tx, serial: string): Promise<MfaDeviceRow> {
  const d = await tx.iamMfa.find(serial);
  if (!d) throw mfaDeviceNotFound(serial);
  return d;
}

/** Whose devices a call names: an IAM user's id, or the root user's (a root console session only). */
async function ownerOf(operation: string, userName: string, call: CallContext): Promise<string> {
  if (namesRoot(operation, { UserName: userName }, call)) return rootOwnerId(call.accountId);
  return (await requireUser(call.tx, userName)).userId;
}

/** The device, when it is assigned to the named user (AWS answers NoSuchEntity otherwise). */
async function assignedTo(operation: string, serial: string, userName: string, call: CallContext) {
  const ownerId = await ownerOf(operation, userName, call);
  const device = await requireDevice(call.tx, serial);
  if (device.userId !== ownerId) throw mfaDeviceNotFound(serial);
  return device;
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

/** The user a device is assigned to, as IAM answers it: an IAM user, or the root user. */
async function ownerOfDevice(deps: IamDeps, call: CallContext, userId: string) {
  if (userId === rootOwnerId(call.accountId))
    return { name: ROOT_USER_NAME, User: rootUserShape(call.accountId, date(deps.account.createdAt ?? iso(call))) };
  const user = await call.tx.iamEntities.userById(userId);
  return user ? { name: user.name, User: userShape(user) } : undefined;
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
      const ownerId = await ownerOf('EnableMFADevice', input.UserName, call);
      const device = await requireDevice(call.tx, input.SerialNumber);
      if (device.userId) throw entityAlreadyExists('MFA Device is already in use.');
      if ((await call.tx.iamMfa.devicesOf(ownerId)).length >= DEVICES_PER_USER)
        throw limitExceeded(`Cannot exceed quota for MFADevicesPerUser: ${DEVICES_PER_USER}`);
      const step = codes(device, input.AuthenticationCode1, input.AuthenticationCode2, call);
      await call.tx.iamMfa.enable(device.serialNumber, ownerId, iso(call), step);
    },

    async ResyncMFADevice(input, call) {
      const device = await assignedTo('ResyncMFADevice', input.SerialNumber, input.UserName, call);
      const step = codes(device, input.AuthenticationCode1, input.AuthenticationCode2, call, device.lastStep);
      await call.tx.iamMfa.useStep(device.serialNumber, step);
    },

    async DeactivateMFADevice(input, call) {
      const userName = userNameOrCaller(input.UserName, call);
      const device = await assignedTo('DeactivateMFADevice', input.SerialNumber, userName, call);
      await call.tx.iamMfa.deactivate(device.serialNumber);
    },

    async DeleteVirtualMFADevice(input, call) {
      const device = await requireDevice(call.tx, input.SerialNumber);
      if (device.userId) throw deleteConflict('MFA Device is still in use');
      await call.tx.iamMfa.delete(device.serialNumber);
    },

    async ListMFADevices(input, call) {
      // Root naming no user lists its own devices (IAM API Reference, ListMFADevices: "lists the MFA
      // devices for the user ... based on the AWS access key ID used to sign the request").
      const root = input.UserName === undefined && call.principal.type === 'Root';
      const user = root ? undefined : await requireUser(call.tx, userNameOrCaller(input.UserName, call));
      const devices = await call.tx.iamMfa.devicesOf(user ? user.userId : rootOwnerId(call.accountId));
      const { page, ...more } = paginate(devices, input);
      const UserName = user ? user.name : ROOT_USER_NAME;
      const MFADevices = page.map((d) => ({ UserName, SerialNumber: d.serialNumber, EnableDate: date(d.enableDate!) }));
      return { MFADevices, ...more };
    },

    async ListVirtualMFADevices(input, call) {
      const status = input.AssignmentStatus ?? 'Any';
      if (!['Assigned', 'Unassigned', 'Any'].includes(status)) throw validationError(`Invalid AssignmentStatus: ${status}`);
      const all = (await call.tx.iamMfa.list()).filter((d) => status === 'Any' || (status === 'Assigned') === !!d.userId);
      const { page, ...more } = paginate(all, input);
      const VirtualMFADevices = [];
      for (const d of page) {
        const owner = d.userId ? await ownerOfDevice(deps, call, d.userId) : undefined;
        VirtualMFADevices.push({ SerialNumber: d.serialNumber, ...(owner ? { User: owner.User, EnableDate: date(d.enableDate!) } : {}) });
      }
      return { VirtualMFADevices, ...more };
    },

    async GetMFADevice(input, call) {
      const device = await requireDevice(call.tx, input.SerialNumber);
      const owner = device.userId ? await ownerOfDevice(deps, call, device.userId) : undefined;
      if (!owner || (input.UserName !== undefined && owner.name.toLowerCase() !== input.UserName.toLowerCase()))
        throw mfaDeviceNotFound(input.SerialNumber);
      return { UserName: owner.name, SerialNumber: device.serialNumber, EnableDate: date(device.enableDate!) };
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
