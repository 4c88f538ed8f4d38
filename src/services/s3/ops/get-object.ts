/** GetObject and HeadObject: conditional headers, one byte range or part, response-* overrides, streamed body. */
import { assertPartNumber } from '../../../storage/objects/local/multipart.js';
import { selectPart } from '../../../storage/objects/local/parts.js';
import { contentRange } from '../../../storage/objects/local/range.js';
import type { ByteRange, ObjectRecord } from '../../../storage/objects/local/types.js';
import { S3Errors } from '../errors.js';
import type { CallContext } from '../../service.js';
import type { S3Input, S3Operations } from '../api.js';
import { checkConditions } from '../conditionals.js';
import { STATUS_MEMBER } from '../model.js';
import { applyOverrides, checksumMembers, objectHeaders } from '../object-headers.js';
import type { S3Env } from '../store.js';

/** HeadObject takes what GetObject takes (S3 API Reference, HeadObject). */
type GetInput = S3Input<'GetObject'> | S3Input<'HeadObject'>;

const conditionsOf = (i: GetInput) => ({
  ifMatch: i.IfMatch,
  ifNoneMatch: i.IfNoneMatch,
  ifModifiedSince: i.IfModifiedSince,
  ifUnmodifiedSince: i.IfUnmodifiedSince,
});

/** Checksums describe the whole object, so S3 sends them (when asked) only for whole-object reads. */
function withChecksums(headers: Record<string, unknown>, obj: ObjectRecord, input: GetInput, ranged: boolean): void {
  if (input.ChecksumMode === 'ENABLED' && !ranged && obj.partsCount === undefined) Object.assign(headers, checksumMembers(obj.checksums));
}

/** partNumber is 1..10000 and excludes Range (S3's InvalidArgument / InvalidRequest). */
function assertPartRequest(input: GetInput): void {
  if (input.PartNumber === undefined) return;
  assertPartNumber(input.PartNumber);
  if (input.Range !== undefined) throw S3Errors.InvalidRequest('Cannot specify both Range header and partNumber query parameter');
}

/** A Range or part read answers 206 with Content-Range; a part read of a multipart object adds x-amz-mp-parts-count. */
function partial(
  headers: Record<string, unknown>,
  size: number,
  range: ByteRange | undefined,
  partsCount: number | undefined,
  isPart: boolean,
): void {
  if (partsCount !== undefined) headers.PartsCount = partsCount;
  if (range) {
    headers.ContentRange = contentRange(range, size);
    headers.ContentLength = range.end - range.start + 1;
    headers[STATUS_MEMBER] = 206;
  } else if (isPart) {
    headers.ContentLength = 0; // an empty part
  }
}

export function getObjectOperations({ store }: S3Env): S3Operations<'HeadObject' | 'GetObject'> {
  return {
    HeadObject: async (input: GetInput, call: CallContext) => {
      assertPartRequest(input);
      const obj = await store.headObject(call.tx, input.Bucket, input.Key);
      checkConditions(conditionsOf(input), obj);
      const headers = objectHeaders(obj);
      if (input.PartNumber !== undefined) {
        const { range, partsCount } = selectPart(obj, input.PartNumber);
        partial(headers, obj.size, range, partsCount, true);
      }
      withChecksums(headers, obj, input, input.PartNumber !== undefined);
      return headers;
    },

    GetObject: async (input: GetInput, call: CallContext) => {
      // Conditions come before Range, as in S3: a 304/412 wins over an unsatisfiable range.
      assertPartRequest(input);
      checkConditions(conditionsOf(input), await store.headObject(call.tx, input.Bucket, input.Key));
      const { info, body, range, partsCount } = await store.getObject(call.tx, input.Bucket, input.Key, {
        range: input.Range,
        partNumber: input.PartNumber,
      });
      const headers = objectHeaders(info);
      withChecksums(headers, info, input, range !== undefined || input.PartNumber !== undefined);
      applyOverrides(headers, input);
      partial(headers, info.size, range, partsCount, input.PartNumber !== undefined);
      return { ...headers, Body: body };
    },
  };
}
