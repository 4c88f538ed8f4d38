/** PutObject: the body streams to a staged file in `prepare`; `execute` commits it with the audit event. */
import { S3Errors } from '../errors.js';
import type { ChecksumAlgorithm, StagedBlob } from '../../../storage/objects/local/types.js';
import type { CallContext, OperationSpec } from '../../service.js';
import type { S3Input } from '../api.js';
import { metaFromInput } from '../object-headers.js';
import { collectGarbage, type S3Env } from '../store.js';
import { adoptTrailerChecksum, echoedChecksums, planUpload } from '../upload-body.js';
import { assertSupportedWriteConditions, assertWriteConditions } from '../write-conditions.js';
import { notifyObjectChange } from '../notifications/object-events.js';

type PutInput = S3Input<'PutObject'>;

interface StagedPut {
  staged: StagedBlob;
  algorithms: ChecksumAlgorithm[];
  trailer: Record<string, string>;
}

export function putObjectOperation(env: S3Env): OperationSpec<PutInput, Record<string, unknown>, StagedPut> {
  const { store } = env;
  return {
    async prepare(input, call) {
      // Refuse before reading a byte when the bucket is missing: S3 answers NoSuchBucket at once.
      if (!(await call.read((tx) => store.getBucket(tx, input.Bucket)))) throw S3Errors.NoSuchBucket(input.Bucket);
      assertSupportedWriteConditions(input);
      const plan = planUpload(input);
      const staged = await store.stageBlob(plan.body, plan.options);
      return { staged, algorithms: plan.algorithms, trailer: adoptTrailerChecksum(input.Body, staged) };
    },
    async execute(input, call: CallContext, { staged, algorithms, trailer }) {
      await assertWriteConditions(env, call.tx, input);
      const result = await store.commitObject(call.tx, input.Bucket, input.Key, staged, metaFromInput(input));
      collectGarbage(env, call, result);
      await notifyObjectChange(env, call, {
        bucket: input.Bucket,
        key: input.Key,
        eventName: 'ObjectCreated:Put',
        size: staged.size,
        etag: result.etag,
      });
      const echoed = { ...echoedChecksums(staged.checksums, algorithms), ...trailer };
      return { ETag: result.etag, ...echoed, ...(Object.keys(echoed).length ? { ChecksumType: 'FULL_OBJECT' } : {}), Size: staged.size };
    },
    discard: ({ staged }) => store.discardStaged(staged),
  };
}
