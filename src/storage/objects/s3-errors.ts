import { ServiceError } from '../../errors/service-error.js';

/**
 * S3's error codes, statuses and message wording (as S3 itself returns them), shared by the
 * built-in bucket engine, the external-S3 adapter and the S3 wire service, so that callers branch
 * on the same `code` whichever store is behind them.
 */
const err = (code: string, status: number, message: string, fields: Record<string, string> = {}) =>
  new ServiceError(code, message, { status, fields });

export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_OBJECT_SIZE = 5 * 1024 ** 4;
export const MAX_PUT_SIZE = 5 * 1024 ** 3;
export const MAX_KEY_BYTES = 1024;

export const S3Errors = {
  NoSuchBucket: (bucket: string) => err('NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: bucket }),
  NoSuchKey: (key: string) => err('NoSuchKey', 404, 'The specified key does not exist.', { Key: key }),
  NoSuchUpload: (uploadId: string) =>
    err(
      'NoSuchUpload',
      404,
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      { UploadId: uploadId },
    ),
  NoSuchBucketPolicy: (bucket: string) => err('NoSuchBucketPolicy', 404, 'The bucket policy does not exist', { BucketName: bucket }),
  NoSuchLifecycleConfiguration: (bucket: string) =>
    err('NoSuchLifecycleConfiguration', 404, 'The lifecycle configuration does not exist', { BucketName: bucket }),
  BucketAlreadyExists: (bucket: string) =>
    err(
      'BucketAlreadyExists',
      409,
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
      { BucketName: bucket },
    ),
  BucketAlreadyOwnedByYou: (bucket: string) =>
    err('BucketAlreadyOwnedByYou', 409, 'Your previous request to create the named bucket succeeded and you already own it.', {
      BucketName: bucket,
    }),
  BucketNotEmpty: (bucket: string) => err('BucketNotEmpty', 409, 'The bucket you tried to delete is not empty', { BucketName: bucket }),
  InvalidBucketName: (bucket: string) => err('InvalidBucketName', 400, 'The specified bucket is not valid.', { BucketName: bucket }),
  KeyTooLongError: (size: number) =>
    err('KeyTooLongError', 400, 'Your key is too long', { Size: String(size), MaxSizeAllowed: String(MAX_KEY_BYTES) }),
  BadDigest: (expected: string, calculated: string) =>
    err('BadDigest', 400, 'The Content-MD5 you specified did not match what we received.', {
      ExpectedDigest: expected,
      CalculatedDigest: calculated,
    }),
  BadChecksum: (algorithm: string) => err('BadDigest', 400, `The ${algorithm} you specified did not match the calculated checksum.`),
  InvalidDigest: (value: string) => err('InvalidDigest', 400, 'The Content-MD5 you specified was invalid.', { 'Content-MD5': value }),
  EntityTooLarge: (proposed: number, max: number) =>
    err('EntityTooLarge', 400, 'Your proposed upload exceeds the maximum allowed size', {
      ProposedSize: String(proposed),
      MaxSizeAllowed: String(max),
    }),
  EntityTooSmall: (proposed: number, partNumber: number, etag: string) =>
    err('EntityTooSmall', 400, 'Your proposed upload is smaller than the minimum allowed size', {
      ProposedSize: String(proposed),
      MinSizeAllowed: String(MIN_PART_SIZE),
      PartNumber: String(partNumber),
      ETag: etag,
    }),
  InvalidPart: (uploadId: string, partNumber: number, etag: string) =>
    err(
      'InvalidPart',
      400,
      "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
      { UploadId: uploadId, PartNumber: String(partNumber), ETag: etag },
    ),
  InvalidPartOrder: () =>
    err('InvalidPartOrder', 400, 'The list of parts was not in ascending order. Parts must be ordered by part number.'),
  InvalidRange: (requested: string, size: number) =>
    err('InvalidRange', 416, 'The requested range is not satisfiable', { RangeRequested: requested, ActualObjectSize: String(size) }),
  InvalidPartNumber: (requested: number, partsCount: number) =>
    err('InvalidPartNumber', 416, 'The requested partnumber is not satisfiable', {
      PartNumberRequested: String(requested),
      ActualPartCount: String(partsCount),
    }),
  InvalidRequest: (message: string) => err('InvalidRequest', 400, message),
  /** A header S3 accepts only in some forms (If-None-Match other than `*` on a write). */
  NotImplementedHeader: (header: string) =>
    err('NotImplemented', 501, 'A header you provided implies functionality that is not implemented', { Header: header }),
  InvalidArgument: (message: string, name: string, value: string) =>
    err('InvalidArgument', 400, message, { ArgumentName: name, ArgumentValue: value }),
  MalformedXML: () => err('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema'),
  MalformedPolicy: (message: string) => err('MalformedPolicy', 400, message),
} as const;
