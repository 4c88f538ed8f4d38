/** GetObject and HeadObject: conditional headers, one byte range, response-* overrides, streamed body. */
import { contentRange } from '../../storage/objects/local/range.js';
import type { ObjectRecord } from '../../storage/objects/local/types.js';
import type { Operation } from '../service.js';
import { checkConditions } from './conditionals.js';
import { STATUS_MEMBER } from './model.js';
import { applyOverrides, checksumMembers, objectHeaders, type ResponseOverrides } from './object-headers.js';
import type { S3Env } from './store.js';

interface GetInput extends ResponseOverrides {
  Bucket: string;
  Key: string;
  Range?: string;
  IfMatch?: string;
  IfNoneMatch?: string;
  IfModifiedSince?: Date;
  IfUnmodifiedSince?: Date;
  ChecksumMode?: string;
}

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

export function getObjectOperations({ store }: S3Env): Record<string, Operation> {
  return {
    HeadObject: (input: GetInput) => {
      const obj = store.headObject(input.Bucket, input.Key);
      checkConditions(conditionsOf(input), obj);
      const headers = objectHeaders(obj);
      withChecksums(headers, obj, input, false);
      return headers;
    },

    GetObject: (input: GetInput) => {
      // Conditions come before Range, as in S3: a 304/412 wins over an unsatisfiable range.
      checkConditions(conditionsOf(input), store.headObject(input.Bucket, input.Key));
      const { info, body, range } = store.getObject(input.Bucket, input.Key, { range: input.Range });
      const headers = objectHeaders(info);
      withChecksums(headers, info, input, range !== undefined);
      applyOverrides(headers, input);
      if (range) {
        headers.ContentRange = contentRange(range, info.size);
        headers.ContentLength = range.end - range.start + 1;
        headers[STATUS_MEMBER] = 206;
      }
      return { ...headers, Body: body };
    },
  };
}
