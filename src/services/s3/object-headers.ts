/** Object representation headers and user metadata: from a request's input, and back onto a response. */
import type { ObjectMeta, ObjectRecord, Checksums } from '../../storage/objects/local/types.js';

/** The representation headers and user metadata an upload carries (PutObject, CopyObject, CreateMultipartUpload). */
export interface MetaInput {
  ContentType?: string;
  ContentEncoding?: string;
  CacheControl?: string;
  ContentDisposition?: string;
  ContentLanguage?: string;
  Expires?: string | Date;
  Metadata?: Record<string, string>;
}

/**
 * `aws-chunked` describes the upload's framing, not the object, so S3 drops it from the stored
 * Content-Encoding (and stores none when it was the only coding).
 */
export function storedContentEncoding(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const codings = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '' && s.toLowerCase() !== 'aws-chunked');
  return codings.length ? codings.join(', ') : undefined;
}

export function metaFromInput(input: MetaInput): ObjectMeta {
  return {
    contentType: input.ContentType,
    contentEncoding: storedContentEncoding(input.ContentEncoding),
    cacheControl: input.CacheControl,
    contentDisposition: input.ContentDisposition,
    contentLanguage: input.ContentLanguage,
    expires: input.Expires instanceof Date ? input.Expires.toUTCString() : input.Expires,
    metadata: input.Metadata,
  };
}

export function metaOfRecord(r: ObjectRecord): ObjectMeta {
  return {
    contentType: r.contentType,
    contentEncoding: r.contentEncoding,
    cacheControl: r.cacheControl,
    contentDisposition: r.contentDisposition,
    contentLanguage: r.contentLanguage,
    expires: r.expires,
    metadata: r.metadata,
  };
}

/** x-amz-checksum-* output members, e.g. { ChecksumCRC32: '...' }, plus S3's ChecksumType. */
export function checksumMembers(checksums: Checksums): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [algorithm, value] of Object.entries(checksums)) if (value) out[`Checksum${algorithm}`] = value;
  if (Object.keys(out).length > 0) out.ChecksumType = 'FULL_OBJECT';
  return out;
}

/** The headers GetObject and HeadObject answer with (ranges and checksums are the caller's to add). */
export function objectHeaders(r: ObjectRecord): Record<string, unknown> {
  return {
    AcceptRanges: 'bytes',
    LastModified: r.lastModified,
    ContentLength: r.size,
    ETag: r.etag,
    ContentType: r.contentType,
    ContentEncoding: r.contentEncoding,
    CacheControl: r.cacheControl,
    ContentDisposition: r.contentDisposition,
    ContentLanguage: r.contentLanguage,
    Expires: r.expires,
    Metadata: Object.keys(r.metadata).length ? r.metadata : undefined,
  };
}

/** GetObject's response-* query parameters. */
export interface ResponseOverrides {
  ResponseContentType?: string;
  ResponseContentLanguage?: string;
  ResponseExpires?: Date;
  ResponseCacheControl?: string;
  ResponseContentDisposition?: string;
  ResponseContentEncoding?: string;
}

/** GetObject's response-* query parameters replace the stored headers in this one response. */
export function applyOverrides(headers: Record<string, unknown>, input: ResponseOverrides): void {
  const pairs: Array<[string, unknown]> = [
    ['ContentType', input.ResponseContentType],
    ['ContentLanguage', input.ResponseContentLanguage],
    ['Expires', input.ResponseExpires?.toUTCString()],
    ['CacheControl', input.ResponseCacheControl],
    ['ContentDisposition', input.ResponseContentDisposition],
    ['ContentEncoding', input.ResponseContentEncoding],
  ];
  for (const [member, value] of pairs) if (value !== undefined) headers[member] = value;
}
