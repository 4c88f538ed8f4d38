/** CopyObject: the source bytes are staged in `prepare`, the copy committed in `execute`. */
import { ServiceError } from '../../../errors/service-error.js';
import { S3Errors } from '../errors.js';
import type { ObjectRecord, StagedBlob, ChecksumAlgorithm } from '../../../storage/objects/local/types.js';
import type { CallContext, OperationSpec } from '../../service.js';
import { checkCopySourceConditions } from '../conditionals.js';
import type { S3Input } from '../api.js';
import { metaFromInput, metaOfRecord } from '../object-headers.js';
import { collectGarbage, type S3Env } from '../store.js';
import { notifyObjectChange } from '../notifications/object-events.js';

type CopyInput = S3Input<'CopyObject'>;

/** `x-amz-copy-source`: `[/]bucket/key[?versionId=...]`, URL-encoded. */
export function parseCopySource(value: string): { bucket: string; key: string } {
  const [path] = value.split('?');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path!.replace(/^\//, ''));
  } catch {
    throw invalidCopySource();
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) throw invalidCopySource();
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

const invalidCopySource = () => S3Errors.InvalidArgument('Invalid copy source object key', 'x-amz-copy-source', '');

interface StagedCopy {
  staged: StagedBlob;
  source: ObjectRecord;
}

export function copyObjectOperation(env: S3Env): OperationSpec<CopyInput, Record<string, unknown>, StagedCopy> {
  const { store } = env;
  return {
    async prepare(input, call) {
      const src = parseCopySource(input.CopySource);
      assertChangesSomething(input, src);
      const head = await call.read(async (tx) => {
        if (!(await store.getBucket(tx, input.Bucket))) throw S3Errors.NoSuchBucket(input.Bucket);
        return store.headObject(tx, src.bucket, src.key);
      });
      checkCopySourceConditions(
        {
          ifMatch: input.CopySourceIfMatch,
          ifNoneMatch: input.CopySourceIfNoneMatch,
          ifModifiedSince: input.CopySourceIfModifiedSince,
          ifUnmodifiedSince: input.CopySourceIfUnmodifiedSince,
        },
        head,
      );
      // The copy keeps the source's checksum algorithms, as S3 does.
      const checksumAlgorithms = Object.keys(head.checksums) as ChecksumAlgorithm[];
      return store.stageCopy(src.bucket, src.key, { checksumAlgorithms });
    },
    async execute(input, call: CallContext, { staged, source }) {
      const meta = input.MetadataDirective === 'REPLACE' ? metaFromInput(input) : metaOfRecord(source);
      const result = await store.commitObject(call.tx, input.Bucket, input.Key, staged, meta);
      collectGarbage(env, call, result);
      const copy = await store.headObject(call.tx, input.Bucket, input.Key);
      await notifyObjectChange(env, call, {
        bucket: input.Bucket,
        key: input.Key,
        eventName: 'ObjectCreated:Copy',
        size: copy.size,
        etag: result.etag,
      });
      return { CopyObjectResult: { ETag: result.etag, LastModified: copy.lastModified } };
    },
    discard: ({ staged }) => store.discardStaged(staged),
  };
}

function assertChangesSomething(input: CopyInput, src: { bucket: string; key: string }): void {
  if (src.bucket !== input.Bucket || src.key !== input.Key) return;
  if (input.MetadataDirective === 'REPLACE' || input.StorageClass || input.WebsiteRedirectLocation || input.ServerSideEncryption) return;
  throw new ServiceError(
    'InvalidRequest',
    "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    { status: 400 },
  );
}
