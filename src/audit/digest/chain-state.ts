import type { Db } from '../../storage/sqlite/database.js';
import type { DigestLink } from './digest-file.js';

/** Where a (trail, region) digest chain stands: the open period's start and the last digest, if any. */
export interface ChainState {
  region: string;
  periodStart: number;
  previous: DigestLink | null;
}

interface Row {
  region: string;
  period_start: number;
  prev_bucket: string | null;
  prev_key: string | null;
  prev_sha256: string | null;
  prev_signature: string | null;
}

export const chainState = {
  all(db: Db, trailArn: string): Map<string, ChainState> {
    const rows = db.prepare('SELECT * FROM ct_digest_chains WHERE trail_arn = ? ORDER BY region').all(trailArn) as Row[];
    return new Map(
      rows.map((r) => [
        r.region,
        {
          region: r.region,
          periodStart: r.period_start,
          previous: r.prev_key
            ? { s3Bucket: r.prev_bucket!, s3Object: r.prev_key, sha256Hex: r.prev_sha256!, signature: r.prev_signature! }
            : null,
        },
      ]),
    );
  },

  save(db: Db, trailArn: string, chain: ChainState): void {
    const p = chain.previous;
    db.prepare(
      `INSERT INTO ct_digest_chains VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (trail_arn, region) DO UPDATE SET
         period_start = excluded.period_start, prev_bucket = excluded.prev_bucket, prev_key = excluded.prev_key,
         prev_sha256 = excluded.prev_sha256, prev_signature = excluded.prev_signature`,
    ).run(trailArn, chain.region, chain.periodStart, p?.s3Bucket ?? null, p?.s3Object ?? null, p?.sha256Hex ?? null, p?.signature ?? null);
  },

  /** Ends every chain of the trail: the next digest after a restart is a starting digest. */
  drop(db: Db, trailArn: string): void {
    db.prepare('DELETE FROM ct_digest_chains WHERE trail_arn = ?').run(trailArn);
  },
};
