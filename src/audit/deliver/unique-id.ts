import { createHash } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * The 16-character `[A-Za-z0-9]` suffix of a log-file name. CloudTrail's is random; ours is derived
 * from the batch identity so a retried delivery of the same batch overwrites the same key instead
 * of leaving a duplicate file behind.
 */
export function deterministicUniqueId(trailArn: string, firstSeq: number | bigint, lastSeq: number | bigint): string {
  const digest = createHash('sha256').update(`${trailArn}\n${firstSeq}\n${lastSeq}`, 'utf8').digest();
  let n = BigInt('0x' + digest.toString('hex'));
  let id = '';
  for (let i = 0; i < 16; i++) {
    id += ALPHABET[Number(n % 62n)];
    n /= 62n;
  }
  return id;
}
