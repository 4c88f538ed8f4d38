/** HTTP conditional requests as S3 evaluates them (RFC 7232 order) for GET/HEAD and copy sources. */
import { ServiceError } from '../../errors/service-error.js';
import type { ObjectRecord } from '../../storage/objects/local/types.js';

export interface Conditions {
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: Date;
  ifUnmodifiedSince?: Date;
}

const unquote = (etag: string) => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');

/** An If-Match / If-None-Match list matches when any entry is `*` or the object's ETag. */
function etagMatches(list: string, etag: string): boolean {
  const own = unquote(etag);
  return list.split(',').some((e) => e.trim() === '*' || unquote(e) === own);
}

/** HTTP dates have whole seconds; Last-Modified is compared at that resolution. */
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

export function preconditionFailed(condition: string): ServiceError {
  return new ServiceError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
    status: 412,
    fields: { Condition: condition },
  });
}

const notModified = () => new ServiceError('NotModified', 'Not Modified', { status: 304 });

/**
 * GET/HEAD: a failed If-Match or If-Unmodified-Since is 412; a matching If-None-Match or an
 * unchanged If-Modified-Since is 304. If-Match wins over If-Unmodified-Since, If-None-Match over
 * If-Modified-Since.
 */
export function checkConditions(c: Conditions, obj: ObjectRecord): void {
  if (c.ifMatch !== undefined) {
    if (!etagMatches(c.ifMatch, obj.etag)) throw preconditionFailed('If-Match');
  } else if (c.ifUnmodifiedSince && seconds(obj.lastModified) > seconds(c.ifUnmodifiedSince)) {
    throw preconditionFailed('If-Unmodified-Since');
  }
  if (c.ifNoneMatch !== undefined) {
    if (etagMatches(c.ifNoneMatch, obj.etag)) throw notModified();
  } else if (c.ifModifiedSince && seconds(obj.lastModified) <= seconds(c.ifModifiedSince)) {
    throw notModified();
  }
}

/** CopyObject's x-amz-copy-source-if-* headers: every failure is 412, never 304. */
export function checkCopySourceConditions(c: Conditions, obj: ObjectRecord): void {
  try {
    checkConditions(c, obj);
  } catch (e) {
    if (e instanceof ServiceError && e.code === 'NotModified') {
      throw preconditionFailed(c.ifNoneMatch !== undefined ? 'x-amz-copy-source-If-None-Match' : 'x-amz-copy-source-If-Modified-Since');
    }
    if (e instanceof ServiceError && e.code === 'PreconditionFailed') {
      throw preconditionFailed(`x-amz-copy-source-${e.fields.Condition}`);
    }
    throw e;
  }
}
