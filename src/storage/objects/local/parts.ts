import { S3Errors } from '../s3-errors.js';
import type { ByteRange, PartSizes } from './types.js';

export interface PartSelection {
  /** The part's bytes; undefined for an empty object. */
  range?: ByteRange;
  /** Set for multipart objects only: S3 sends x-amz-mp-parts-count for those alone. */
  partsCount?: number;
}

export interface PartedObject {
  size: number;
  partsCount?: number;
  partSizes?: PartSizes;
}

/**
 * GetObject/HeadObject `partNumber`: the part's byte range, as S3 serves it (206 with Content-Range).
 * An object stored by one PUT has one part, the whole object. A part the object does not have is
 * 416 InvalidPartNumber. Objects completed before part sizes were stored know only their count.
 */
export function selectPart(obj: PartedObject, partNumber: number): PartSelection {
  if (obj.partsCount === undefined) {
    if (partNumber !== 1) throw S3Errors.InvalidPartNumber(partNumber, 1);
    return { range: obj.size > 0 ? { start: 0, end: obj.size - 1 } : undefined };
  }
  let start = 0;
  for (const [n, size] of obj.partSizes ?? []) {
    if (n === partNumber) return { range: size > 0 ? { start, end: start + size - 1 } : undefined, partsCount: obj.partsCount };
    start += size;
  }
  throw S3Errors.InvalidPartNumber(partNumber, obj.partsCount);
}
