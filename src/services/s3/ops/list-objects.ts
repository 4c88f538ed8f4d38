/** ListObjects (v1, Marker/NextMarker) and ListObjectsV2, with S3's `encoding-type=url`. */
import { S3Errors } from '../errors.js';
import type { ObjectSummary } from '../../../storage/objects/local/listing.js';
import type { CallContext } from '../../service.js';
import type { _Object } from '../../../protocol/generated/s3.js';
import type { S3Input, S3Operations } from '../api.js';
import { owner, type S3Env } from '../store.js';

/** What both listings take; each adds its own paging fields. */
type ListInput = S3Input<'ListObjects'> & S3Input<'ListObjectsV2'>;

/** S3's url encoding of listed names: percent-encoding that keeps `/` readable. */
export const urlEncodeName = (s: string) => encodeURIComponent(s).replace(/%2F/g, '/');

function encoder(input: ListInput): (s: string | undefined) => string | undefined {
  if (input.EncodingType === undefined) return (s) => s;
  if (input.EncodingType !== 'url')
    throw S3Errors.InvalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', input.EncodingType);
  return (s) => (s === undefined ? undefined : urlEncodeName(s));
}

function assertMaxKeys(maxKeys: number | undefined): void {
  if (maxKeys !== undefined && maxKeys < 0)
    throw S3Errors.InvalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', String(maxKeys));
}

function contents(
  items: ObjectSummary[],
  enc: (s: string) => string | undefined,
  ownerOf?: { ID: string; DisplayName: string },
): _Object[] | undefined {
  if (items.length === 0) return undefined;
  return items.map((o) => ({
    Key: enc(o.key),
    LastModified: o.lastModified,
    ETag: o.etag,
    ChecksumAlgorithm: o.checksumAlgorithms.length ? o.checksumAlgorithms : undefined,
    ChecksumType: o.checksumAlgorithms.length ? ('FULL_OBJECT' as const) : undefined,
    Size: o.size,
    StorageClass: o.storageClass,
    Owner: ownerOf,
  }));
}

/** S3 leaves an empty delimiter (`?delimiter=`) out of the listing, as if none was sent. */
const echoedDelimiter = (d: string | undefined) => (d === '' ? undefined : d);

const prefixes = (list: string[], enc: (s: string) => string | undefined) =>
  list.length ? list.map((p) => ({ Prefix: enc(p) })) : undefined;

export function listOperations({ store }: S3Env): S3Operations<'ListObjects' | 'ListObjectsV2'> {
  return {
    ListObjects: async (input: S3Input<'ListObjects'>, call: CallContext) => {
      assertMaxKeys(input.MaxKeys);
      const enc = encoder(input);
      const r = await store.listObjectsV1(call.tx, input.Bucket, {
        prefix: input.Prefix,
        delimiter: input.Delimiter,
        marker: input.Marker,
        maxKeys: input.MaxKeys,
      });
      return {
        Name: r.name,
        Prefix: enc(r.prefix),
        Marker: enc(r.marker),
        NextMarker: enc(r.nextMarker),
        MaxKeys: r.maxKeys,
        Delimiter: enc(echoedDelimiter(r.delimiter)),
        IsTruncated: r.isTruncated,
        EncodingType: input.EncodingType,
        Contents: contents(r.contents, enc as (s: string) => string, r.owner && owner(r.owner.id)),
        CommonPrefixes: prefixes(r.commonPrefixes, enc as (s: string) => string),
      };
    },

    ListObjectsV2: async (input: S3Input<'ListObjectsV2'>, call: CallContext) => {
      assertMaxKeys(input.MaxKeys);
      const enc = encoder(input);
      const r = await store.listObjectsV2(call.tx, input.Bucket, {
        prefix: input.Prefix,
        delimiter: input.Delimiter,
        continuationToken: input.ContinuationToken,
        startAfter: input.StartAfter,
        maxKeys: input.MaxKeys,
        fetchOwner: input.FetchOwner,
      });
      return {
        Name: r.name,
        Prefix: enc(r.prefix),
        Delimiter: enc(echoedDelimiter(r.delimiter)),
        MaxKeys: r.maxKeys,
        KeyCount: r.keyCount,
        IsTruncated: r.isTruncated,
        EncodingType: input.EncodingType,
        ContinuationToken: r.continuationToken,
        NextContinuationToken: r.nextContinuationToken,
        StartAfter: enc(r.startAfter),
        Contents: contents(r.contents, enc as (s: string) => string, r.owner && owner(r.owner.id)),
        CommonPrefixes: prefixes(r.commonPrefixes, enc as (s: string) => string),
      };
    },
  };
}
