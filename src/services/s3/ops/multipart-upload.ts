/** CreateMultipartUpload, UploadPart (streamed), CompleteMultipartUpload and AbortMultipartUpload. */
import { S3Errors } from '../errors.js';
import type { StagedCompletion } from '../../../storage/objects/local/multipart.js';
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm, type StagedBlob } from '../../../storage/objects/local/types.js';
import type { CallContext, Operation, OperationSpec } from '../../service.js';
import type { S3Input } from '../api.js';
import { metaFromInput } from '../object-headers.js';
import { collectGarbage, type S3Env } from '../store.js';
import { adoptTrailerChecksum, echoedChecksums, planUpload } from '../upload-body.js';
import { assertSupportedWriteConditions, assertWriteConditions } from '../write-conditions.js';
import { notifyObjectChange } from '../notifications/object-events.js';

type UploadPartInput = S3Input<'UploadPart'>;
type CompleteInput = S3Input<'CompleteMultipartUpload'>;

const storedAlgorithm = (a: string | undefined) =>
  (CHECKSUM_ALGORITHMS as readonly string[]).includes(a ?? '') ? (a as ChecksumAlgorithm) : undefined;

function uploadPartOperation(
  env: S3Env,
): OperationSpec<
  UploadPartInput,
  Record<string, unknown>,
  { staged: StagedBlob; algorithms: ChecksumAlgorithm[]; trailer: Record<string, string> }
> {
  const { store } = env;
  return {
    async prepare(input, call) {
      // NoSuchBucket / NoSuchUpload before a byte is read.
      const upload = await call.read((tx) => store.getMultipartUpload(tx, input.Bucket, input.Key, input.UploadId));
      const plan = planUpload(input);
      const staged = await store.stagePart(input.Bucket, input.Key, input.UploadId, input.PartNumber, plan.body, plan.options);
      const algorithms = [...plan.algorithms, ...(upload.checksumAlgorithm ? [upload.checksumAlgorithm] : [])];
      return { staged, algorithms, trailer: adoptTrailerChecksum(input.Body, staged) };
    },
    async execute(input, call: CallContext, { staged, algorithms, trailer }) {
      const result = await store.commitPart(call.tx, input.Bucket, input.Key, input.UploadId, input.PartNumber, staged);
      collectGarbage(env, call, result);
      return { ETag: result.etag, ...echoedChecksums(staged.checksums, algorithms), ...trailer };
    },
    discard: ({ staged }) => store.discardStaged(staged),
  };
}

function completeOperation(env: S3Env): OperationSpec<CompleteInput, Record<string, unknown>, StagedCompletion> {
  const { store } = env;
  return {
    prepare(input) {
      assertSupportedWriteConditions(input);
      const parts = (input.MultipartUpload?.Parts ?? []).map((p) => {
        if (p.PartNumber === undefined || p.ETag === undefined) throw S3Errors.MalformedXML();
        return { PartNumber: p.PartNumber, ETag: p.ETag };
      });
      return store.stageCompleteMultipartUpload(input.Bucket, input.Key, input.UploadId, parts);
    },
    async execute(input, call: CallContext, completion) {
      // A retry of a completed upload answers as the completion did, conditions included: the
      // object If-None-Match: * would now find is the one this upload made.
      if (completion.staged) await assertWriteConditions(env, call.tx, input);
      const result = await store.commitCompleteMultipartUpload(call.tx, completion);
      collectGarbage(env, call, result);
      if (completion.staged) {
        const made = await store.headObject(call.tx, input.Bucket, input.Key);
        const eventName = 'ObjectCreated:CompleteMultipartUpload';
        await notifyObjectChange(env, call, { bucket: input.Bucket, key: input.Key, eventName, size: made.size, etag: result.etag });
      }
      return {
        Location: `/${input.Bucket}/${input.Key.split('/').map(encodeURIComponent).join('/')}`,
        Bucket: input.Bucket,
        Key: input.Key,
        ETag: result.etag,
      };
    },
    discard: (completion) => completion.staged && store.discardStaged(completion.staged),
  };
}

export function multipartUploadOperations(env: S3Env): Record<string, Operation> {
  const { store } = env;
  return {
    CreateMultipartUpload: async (input: S3Input<'CreateMultipartUpload'>, call: CallContext) => {
      const checksumAlgorithm = storedAlgorithm(input.ChecksumAlgorithm);
      const upload = await store.createMultipartUpload(call.tx, input.Bucket, input.Key, metaFromInput(input), { checksumAlgorithm });
      return {
        Bucket: upload.bucket,
        Key: upload.key,
        UploadId: upload.uploadId,
        ChecksumAlgorithm: checksumAlgorithm,
        ChecksumType: checksumAlgorithm ? 'COMPOSITE' : undefined,
      };
    },
    UploadPart: uploadPartOperation(env),
    CompleteMultipartUpload: completeOperation(env),
    AbortMultipartUpload: async (input: S3Input<'AbortMultipartUpload'>, call: CallContext) => {
      collectGarbage(env, call, await store.abortMultipartUpload(call.tx, input.Bucket, input.Key, input.UploadId));
      return {};
    },
  };
}
