import type { Db } from '../../storage/sqlite/database.js';
import { floorToSecond } from '../deliver/time-format.js';
import { generateSigningKey, signingKeyFromPem, type SigningKey } from './signing-key.js';

export const DEFAULT_KEY_VALIDITY_MS = 30 * 24 * 3600_000; // AWS's published keys have 30-day windows (ListPublicKeys examples)

export interface StoredSigningKey extends SigningKey {
  region: string;
  validityStart: Date;
  validityEnd: Date;
}

interface Row {
  region: string;
  fingerprint: string;
  private_key_pem: string;
  validity_start: number;
  validity_end: number;
}

/**
 * Per-region digest-signing keys with validity windows (table ct_signing_keys). A key signs digests
 * whose end time falls inside its window; past the window a new key is generated, and old keys stay
 * listable so older digests still validate.
 */
export class SigningKeyRing {
  private readonly cache = new Map<string, StoredSigningKey>();

  constructor(private readonly validityMs = DEFAULT_KEY_VALIDITY_MS) {}

  /** The key that signs at `at` in `region`, generated and persisted (in the caller's transaction) if none is valid. */
  signingKey(db: Db, region: string, at: Date): StoredSigningKey {
    const row = db
      .prepare('SELECT * FROM ct_signing_keys WHERE region = ? AND validity_start <= ? AND validity_end > ? ORDER BY validity_start DESC LIMIT 1')
      .get(region, at.getTime(), at.getTime()) as Row | undefined;
    if (row) return this.fromRow(row);
    const key = generateSigningKey();
    const start = floorToSecond(at).getTime();
    const stored: Row = { region, fingerprint: key.fingerprint, private_key_pem: key.privateKeyPem, validity_start: start, validity_end: start + this.validityMs };
    db.prepare('INSERT INTO ct_signing_keys VALUES (@region, @fingerprint, @private_key_pem, @validity_start, @validity_end)').run(stored);
    return this.fromRow(stored);
  }

  /** Keys of `region` whose window overlaps [start, end], oldest first (ListPublicKeys). */
  list(db: Db, region: string, start: Date, end: Date): StoredSigningKey[] {
    const rows = db
      .prepare('SELECT * FROM ct_signing_keys WHERE region = ? AND validity_start <= ? AND validity_end >= ? ORDER BY validity_start')
      .all(region, end.getTime(), start.getTime()) as Row[];
    return rows.map((r) => this.fromRow(r));
  }

  private fromRow(row: Row): StoredSigningKey {
    const cacheKey = `${row.region}/${row.fingerprint}`;
    let key = this.cache.get(cacheKey);
    if (!key) {
      key = { ...signingKeyFromPem(row.private_key_pem), region: row.region, validityStart: new Date(row.validity_start), validityEnd: new Date(row.validity_end) };
      this.cache.set(cacheKey, key);
    }
    return key;
  }
}
