import { awsId, secretAccessKey } from '../../../identity/ids.js';
import type { Tx } from '../../../storage/ports.js';
import { iso, requireUser, userNameOrCaller, type IamDeps, type IamOps } from '../context.js';
import { limitExceeded, noSuchEntity, validationError } from '../errors.js';
import { date } from '../format.js';
import { paginate } from '../pagination.js';

const KEYS_PER_USER = 2;

const keyNotFound = (accessKeyId: string) => noSuchEntity(`The Access Key with id ${accessKeyId} cannot be found`);

/** The key, when it belongs to the named user. */
async function keyOf(tx: Tx, userName: string, accessKeyId: string) {
  const user = await requireUser(tx, userName);
  const key = await tx.iamKeys.findKey(accessKeyId);
  if (!key || key.userId !== user.userId) throw keyNotFound(accessKeyId);
  return key;
}

/** IAM user access keys. The secret is returned by CreateAccessKey only, never again. */
type Ops = 'CreateAccessKey' | 'ListAccessKeys' | 'UpdateAccessKey' | 'DeleteAccessKey' | 'GetAccessKeyLastUsed';

export function accessKeyOps({ account, lastUsed }: IamDeps): IamOps<Ops> {
  return {
    async CreateAccessKey(input, call) {
      const user = await requireUser(call.tx, userNameOrCaller(input.UserName, call));
      if ((await call.tx.iamKeys.keysOf(user.userId)).length >= KEYS_PER_USER)
        throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${KEYS_PER_USER}`);
      const accessKeyId = awsId('AKIA');
      const secret = secretAccessKey();
      await call.tx.iamKeys.insertKey(accessKeyId, user.userId, account.box.seal(secret), iso(call));
      return {
        AccessKey: { UserName: user.name, AccessKeyId: accessKeyId, Status: 'Active', SecretAccessKey: secret, CreateDate: call.now },
      };
    },

    async ListAccessKeys(input, call) {
      const user = await requireUser(call.tx, userNameOrCaller(input.UserName, call));
      const { page, ...more } = paginate(await call.tx.iamKeys.keysOf(user.userId), input);
      const AccessKeyMetadata = page.map((k) => ({
        UserName: k.userName,
        AccessKeyId: k.accessKeyId,
        Status: k.status,
        CreateDate: date(k.createDate),
      }));
      return { AccessKeyMetadata, ...more };
    },

    async UpdateAccessKey(input, call) {
      // An access key is Active or Inactive (IAM API Reference, UpdateAccessKey: Status); the model's
      // statusType also lists Expired, which belongs to other credential kinds.
      const status = input.Status;
      if (status !== 'Active' && status !== 'Inactive') throw validationError(`Invalid status: ${status}`);
      const key = await keyOf(call.tx, userNameOrCaller(input.UserName, call), input.AccessKeyId);
      await call.tx.iamKeys.setStatus(key.accessKeyId, status);
    },

    async DeleteAccessKey(input, call) {
      const key = await keyOf(call.tx, userNameOrCaller(input.UserName, call), input.AccessKeyId);
      await call.tx.iamKeys.deleteKey(key.accessKeyId);
    },

    async GetAccessKeyLastUsed(input, call) {
      const key = await call.tx.iamKeys.findKey(input.AccessKeyId);
      if (!key) throw keyNotFound(input.AccessKeyId);
      const pending = lastUsed?.peek(key.accessKeyId);
      const used =
        pending ?? (key.lastUsedDate ? { date: key.lastUsedDate, service: key.lastUsedService!, region: key.lastUsedRegion! } : undefined);
      const AccessKeyLastUsed = used
        ? { LastUsedDate: date(used.date), ServiceName: used.service, Region: used.region }
        : { ServiceName: 'N/A', Region: 'N/A' };
      return { UserName: key.userName, AccessKeyLastUsed };
    },
  };
}
