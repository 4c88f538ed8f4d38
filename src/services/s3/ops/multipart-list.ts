/** ListParts and ListMultipartUploads. */
import type { CallContext } from '../../service.js';
import type { S3Input, S3Operations } from '../api.js';
import { urlEncodeName } from './list-objects.js';
import { owner, type S3Env } from '../store.js';

export function multipartListOperations({ store }: S3Env): S3Operations<'ListParts' | 'ListMultipartUploads'> {
  return {
    ListParts: async (input: S3Input<'ListParts'>, call: CallContext) => {
      const r = await store.listParts(call.tx, input.Bucket, input.Key, input.UploadId, {
        partNumberMarker: input.PartNumberMarker,
        maxParts: input.MaxParts,
      });
      const bucketOwner = owner((await store.getBucket(call.tx, input.Bucket))!.ownerAccountId);
      return {
        Bucket: input.Bucket,
        Key: input.Key,
        UploadId: input.UploadId,
        PartNumberMarker: input.PartNumberMarker ?? 0,
        NextPartNumberMarker: r.nextPartNumberMarker,
        MaxParts: Math.min(input.MaxParts ?? 1000, 1000),
        IsTruncated: r.isTruncated,
        Parts: r.parts.map((p) => ({
          PartNumber: p.partNumber,
          LastModified: p.lastModified,
          ETag: p.etag,
          Size: p.size,
          ...Object.fromEntries(Object.entries(p.checksums).map(([a, v]) => [`Checksum${a}`, v])),
        })),
        Initiator: { ID: bucketOwner.ID, DisplayName: bucketOwner.DisplayName },
        Owner: bucketOwner,
        StorageClass: 'STANDARD',
        ChecksumAlgorithm: r.upload.checksumAlgorithm,
      };
    },

    ListMultipartUploads: async (input: S3Input<'ListMultipartUploads'>, call: CallContext) => {
      const r = await store.listMultipartUploads(call.tx, input.Bucket, {
        prefix: input.Prefix,
        delimiter: input.Delimiter,
        keyMarker: input.KeyMarker,
        uploadIdMarker: input.UploadIdMarker,
        maxUploads: input.MaxUploads,
      });
      const enc = (s: string | undefined) => (s !== undefined && input.EncodingType === 'url' ? urlEncodeName(s) : s);
      const bucketOwner = owner((await store.getBucket(call.tx, input.Bucket))!.ownerAccountId);
      return {
        Bucket: input.Bucket,
        KeyMarker: enc(input.KeyMarker ?? ''),
        UploadIdMarker: input.UploadIdMarker ?? '',
        NextKeyMarker: enc(r.nextKeyMarker),
        NextUploadIdMarker: r.nextUploadIdMarker,
        Prefix: enc(input.Prefix),
        Delimiter: enc(input.Delimiter),
        MaxUploads: Math.min(input.MaxUploads ?? 1000, 1000),
        IsTruncated: r.isTruncated,
        EncodingType: input.EncodingType,
        Uploads: r.uploads.map((u) => ({
          UploadId: u.uploadId,
          Key: enc(u.key),
          Initiated: u.initiated,
          StorageClass: 'STANDARD',
          Owner: bucketOwner,
          Initiator: bucketOwner,
          ChecksumAlgorithm: u.checksumAlgorithm,
        })),
        CommonPrefixes: r.commonPrefixes.length ? r.commonPrefixes.map((p) => ({ Prefix: enc(p) })) : undefined,
      };
    },
  };
}
