import { awsId, secretAccessKey } from '../../../identity/ids.js';
import type { Operation } from '../../service.js';
import { iso, requireUser, userNameOrCaller, type IamDeps } from '../context.js';
import { limitExceeded, noSuchEntity } from '../errors.js';
import { date } from '../format.js';
import { paginate } from '../pagination.js';

const KEYS_PER_USER = 2;

/** IAM user access keys. The secret is returned by CreateAccessKey only, never again. */
export function accessKeyOps({ store, lastUsed }: IamDeps): Record<string, Operation> {
  const { keys } = store;
  const keyOf = (userName: string, accessKeyId: string) => {
    const user = requireUser(store, userName);
    const key = keys.findKey(accessKeyId);
    if (!key || key.userId !== user.userId) throw noSuchEntity(`The Access Key with id ${accessKeyId} cannot be found`);
    return key;
  };

  return {
    CreateAccessKey(input: { UserName?: string }, call) {
      const user = requireUser(store, userNameOrCaller(input.UserName, call));
      if (keys.keysOf(user.userId).length >= KEYS_PER_USER)
        throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${KEYS_PER_USER}`);
      const accessKeyId = awsId('AKIA');
      const secret = secretAccessKey();
      keys.insertKey(accessKeyId, user.userId, secret, iso(call));
      return {
        AccessKey: { UserName: user.name, AccessKeyId: accessKeyId, Status: 'Active', SecretAccessKey: secret, CreateDate: call.now },
      };
    },

    ListAccessKeys(input: { UserName?: string; Marker?: string; MaxItems?: number }, call) {
      const user = requireUser(store, userNameOrCaller(input.UserName, call));
      const { page, ...more } = paginate(keys.keysOf(user.userId), input);
      const AccessKeyMetadata = page.map((k) => ({
        UserName: k.userName,
        AccessKeyId: k.accessKeyId,
        Status: k.status,
        CreateDate: date(k.createDate),
      }));
      return { AccessKeyMetadata, ...more };
    },

    UpdateAccessKey(input: { UserName?: string; AccessKeyId: string; Status: 'Active' | 'Inactive' }, call) {
      keys.setStatus(keyOf(userNameOrCaller(input.UserName, call), input.AccessKeyId).accessKeyId, input.Status);
      return {};
    },

    DeleteAccessKey(input: { UserName?: string; AccessKeyId: string }, call) {
      keys.deleteKey(keyOf(userNameOrCaller(input.UserName, call), input.AccessKeyId).accessKeyId);
      return {};
    },

    GetAccessKeyLastUsed(input: { AccessKeyId: string }) {
      const key = keys.findKey(input.AccessKeyId);
      if (!key) throw noSuchEntity(`The Access Key with id ${input.AccessKeyId} cannot be found`);
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
