import type { ChainState } from '../../audit/digest/chain-state.js';
import type { DigestChainRepository } from '../ports/digests.js';
import type { Sql } from './sql.js';

interface Row {
  region: string;
  period_start: number;
  prev_bucket: string | null;
  prev_key: string | null;
  prev_sha256: string | null;
  prev_signature: string | null;
}

const SAVE = `INSERT INTO ct_digest_chains (trail_arn, region, period_start, prev_bucket, prev_key, prev_sha256, prev_signature)
  VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (trail_arn, region) DO UPDATE SET
  period_start = excluded.period_start, prev_bucket = excluded.prev_bucket, prev_key = excluded.prev_key,
  prev_sha256 = excluded.prev_sha256, prev_signature = excluded.prev_signature`;

/** Digest chains in ct_digest_chains, one row per (trail, region). */
export class PgDigestChainRepository implements DigestChainRepository {
  constructor(private readonly sql: Sql) {}

  async chains(trailArn: string): Promise<Map<string, ChainState>> {
    const rows = await this.sql.all<Row>('SELECT * FROM ct_digest_chains WHERE trail_arn = $1 ORDER BY region', [trailArn]);
    return new Map(rows.map((r) => [r.region, fromRow(r)]));
  }

  async save(trailArn: string, chain: ChainState): Promise<void> {
    const p = chain.previous;
    await this.sql.run(SAVE, [
      trailArn,
      chain.region,
      chain.periodStart,
      p?.s3Bucket ?? null,
      p?.s3Object ?? null,
      p?.sha256Hex ?? null,
      p?.signature ?? null,
    ]);
  }

  async drop(trailArn: string): Promise<void> {
    await this.sql.run('DELETE FROM ct_digest_chains WHERE trail_arn = $1', [trailArn]);
  }
}

function fromRow(r: Row): ChainState {
  return {
    region: r.region,
    periodStart: r.period_start,
    previous: r.prev_key
      ? { s3Bucket: r.prev_bucket!, s3Object: r.prev_key, sha256Hex: r.prev_sha256!, signature: r.prev_signature! }
      : null,
  };
}
