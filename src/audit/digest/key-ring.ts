import { migrate, type Db } from '../../storage/sqlite/database.js';
import type { SecretBox } from '../../identity/store/secret-box.js';
import { floorToSecond } from '../deliver/time-format.js';
import { generateSigningKey, signingKeyFromPem, type SigningKey } from './signing-key.js';
import { signingKeyMigrations } from './key-migrations.js';

export const DEFAULT_KEY_VALIDITY_MS = 30 * 24 * 3600_000; // AWS's published keys have 30-day windows (ListPublicKeys examples)

export interface StoredSigningKey extends SigningKey {
  region: string;
  validityStart: Date;
  validityEnd: Date;
}

/** A published key: what ListPublicKeys and validate-logs need, without the private half. */
export type PublicSigningKey = Omit<StoredSigningKey, 'privateKeyPem'>;

interface PublicRow {
  region: string;
  fingerprint: string;
  public_key_der: Buffer;
  validity_start: number;
  validity_end: number;
}

interface Row extends PublicRow {
  /** The PKCS#8 PEM sealed with master.key (SecretBox), so the database alone never yields the key. */
  private_key_sealed: string;
}

/**
 * Per-region digest-signing keys with validity windows (table ct_signing_keys). A key signs digests
 * whose end time falls inside its window; past the window a new key is generated, and old keys stay
 * listable so older digests still validate. Private keys are stored sealed and opened only to sign.
 */
export class SigningKeyRing {
  private readonly cache = new Map<string, StoredSigningKey>();

  constructor(
    private readonly box: SecretBox,
    private readonly validityMs = DEFAULT_KEY_VALIDITY_MS,
  ) {}

  /** Brings ct_signing_keys to the sealed layout (after the cloudtrail module's migrations). */
  migrate(db: Db): void {
    migrate(db, 'ct-signing-keys', signingKeyMigrations(this.box));
  }

  /** The key that signs at `at` in `region`, generated and persisted (in the caller's transaction) if none is valid. */
  signingKey(db: Db, region: string, at: Date): StoredSigningKey {
    const row = db
      .prepare(
        'SELECT * FROM ct_signing_keys WHERE region = ? AND validity_start <= ? AND validity_end > ? ORDER BY validity_start DESC LIMIT 1',
      )
      .get(region, at.getTime(), at.getTime()) as Row | undefined;
    if (row) return this.fromRow(row);
    const key = generateSigningKey();
    const start = floorToSecond(at).getTime();
    const stored: Row = {
      region,
      fingerprint: key.fingerprint,
      public_key_der: key.publicKeyDer,
      private_key_sealed: this.box.seal(key.privateKeyPem),
      validity_start: start,
      validity_end: start + this.validityMs,
    };
    db.prepare(
      `INSERT INTO ct_signing_keys (region, fingerprint, public_key_der, private_key_sealed, validity_start, validity_end)
       VALUES (@region, @fingerprint, @public_key_der, @private_key_sealed, @validity_start, @validity_end)`,
    ).run(stored);
    return this.fromRow(stored);
  }

  /** Keys of `region` whose window overlaps [start, end], oldest first (ListPublicKeys). Never opens a private key. */
  list(db: Db, region: string, start: Date, end: Date): PublicSigningKey[] {
    const rows = db
      .prepare(
        `SELECT region, fingerprint, public_key_der, validity_start, validity_end FROM ct_signing_keys
         WHERE region = ? AND validity_start <= ? AND validity_end >= ? ORDER BY validity_start`,
      )
      .all(region, end.getTime(), start.getTime()) as PublicRow[];
    return rows.map((r) => ({
      fingerprint: r.fingerprint,
      publicKeyDer: r.public_key_der,
      region: r.region,
      validityStart: new Date(r.validity_start),
      validityEnd: new Date(r.validity_end),
    }));
  }

  private fromRow(row: Row): StoredSigningKey {
    const cacheKey = `${row.region}/${row.fingerprint}`;
    let key = this.cache.get(cacheKey);
    if (!key) {
      const pem = this.box.open(row.private_key_sealed);
      key = {
        ...signingKeyFromPem(pem),
        region: row.region,
        validityStart: new Date(row.validity_start),
        validityEnd: new Date(row.validity_end),
      };
      this.cache.set(cacheKey, key);
    }
    return key;
  }
}
