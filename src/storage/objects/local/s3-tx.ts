import type { Tx } from '../../ports.js';

/** The repositories the bucket engine works through, bound to one transaction (or read snapshot). */
export type S3Tx = Pick<Tx, 'buckets' | 'objects' | 'multipartUploads'>;
