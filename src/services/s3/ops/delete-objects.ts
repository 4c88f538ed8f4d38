/** DeleteObject (204 even when the key is missing) and DeleteObjects (Quiet mode, per-key errors). */
import { isServiceError } from '../../../errors/service-error.js';
import { S3Errors } from '../errors.js';
import type { CallContext } from '../../service.js';
import type { S3Input, S3Operations } from '../api.js';
import { collectGarbage, type S3Env } from '../store.js';
import { notifyObjectChange } from '../notifications/object-events.js';

const MAX_DELETE_KEYS = 1000;

interface DeleteObjectsInput {
  Bucket: string;
  Delete?: { Objects?: Array<{ Key: string }>; Quiet?: boolean };
}

export function deleteOperations(env: S3Env): S3Operations<'DeleteObject' | 'DeleteObjects'> {
  const { store } = env;
  return {
    DeleteObject: async (input: S3Input<'DeleteObject'>, call: CallContext) => {
      const existed = await call.tx.objects.find(input.Bucket, input.Key);
      collectGarbage(env, call, await store.deleteObject(call.tx, input.Bucket, input.Key));
      if (existed) await notifyObjectChange(env, call, { bucket: input.Bucket, key: input.Key, eventName: 'ObjectRemoved:Delete' });
      return {};
    },

    DeleteObjects: async (input: DeleteObjectsInput, call: CallContext) => {
      const objects = input.Delete?.Objects ?? [];
      if (objects.length === 0 || objects.length > MAX_DELETE_KEYS) throw S3Errors.MalformedXML();
      if (!(await store.getBucket(call.tx, input.Bucket))) throw S3Errors.NoSuchBucket(input.Bucket);
      const deleted: Array<{ Key: string }> = [];
      const errors: Array<{ Key: string; Code: string; Message: string }> = [];
      for (const { Key } of objects) {
        try {
          const existed = await call.tx.objects.find(input.Bucket, Key);
          collectGarbage(env, call, await store.deleteObject(call.tx, input.Bucket, Key));
          deleted.push({ Key });
          if (existed) await notifyObjectChange(env, call, { bucket: input.Bucket, key: Key, eventName: 'ObjectRemoved:Delete' });
        } catch (e) {
          if (!isServiceError(e)) throw e;
          errors.push({ Key, Code: e.code, Message: e.message });
        }
      }
      // Quiet mode reports only the failures.
      return { Deleted: input.Delete?.Quiet ? undefined : deleted, Errors: errors.length ? errors : undefined };
    },
  };
}
