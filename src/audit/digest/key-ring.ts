import type { SecretBox } from '../../identity/store/secret-box.js';
import type { Repositories, Store } from '../../storage/ports.js';
import { floorToSecond } from '../deliver/time-format.js';
import { generateSigningKey, signingKeyFromPem, type PublicSigningKey, type SealedSigningKey, type SigningKey } from './signing-key.js';

export type { PublicSigningKey } from './signing-key.js';

export const DEFAULT_KEY_VALIDITY_MS = 30 * 24 * 3600_000; // AWS's published keys have 30-day windows (ListPublicKeys examples)

export interface StoredSigningKey extends SigningKey {
  region: string;
  validityStart: Date;
  validityEnd: Date;
}

/**
 * Per-region digest-signing keys with validity windows (tx.signingKeys). A key signs digests whose
 * end time falls inside its window; past the window a new key is generated, and old keys stay
 * listable so older digests still validate. Private keys are stored sealed and opened only to sign.
 * RSA generation is slow, so it always happens outside a transaction: `candidate` before, `install`
 * inside.
 */
export class SigningKeyRing {
  private readonly cache = new Map<string, StoredSigningKey>();
  /** Sealing legacy keys, started at start-up: key look-ups wait for it so none is missed. */
  private sealing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly box: SecretBox,
    private readonly validityMs = DEFAULT_KEY_VALIDITY_MS,
  ) {}

  /**
   * The data step of module 'ct-signing-keys' v1, which needs master.key: seals the keys a version
   * before it stored in clear and stores their public half. Run at start; a no-op once done.
   */
  sealLegacyKeys(store: Store): Promise<number> {
    const run = this.seal(store);
    this.sealing = run.catch(() => undefined);
    return run;
  }

  /** Settles once start-up sealing is done (look-ups before it would not see legacy keys). */
  ready(): Promise<unknown> {
    return this.sealing;
  }

  private async seal(store: Store): Promise<number> {
    const legacy = await store.read((tx) => tx.signingKeys.legacyClear());
    if (legacy.length === 0) return 0;
    const sealed = legacy.map((k) => ({
      ...k,
      sealed: this.box.seal(k.privateKeyPem),
      der: signingKeyFromPem(k.privateKeyPem).publicKeyDer,
    }));
    await store.write(async (tx) => {
      for (const k of sealed) await tx.signingKeys.sealLegacy(k.region, k.fingerprint, k.sealed, k.der);
    });
    return sealed.length;
  }

  /** A fresh key for `region` whose window starts at `at`'s second, sealed; generated here, outside any transaction. */
  candidate(region: string, at: Date): SealedSigningKey {
    const key = generateSigningKey();
    const start = floorToSecond(at).getTime();
    return {
      region,
      fingerprint: key.fingerprint,
      publicKeyDer: key.publicKeyDer,
      privateKeySealed: this.box.seal(key.privateKeyPem),
      validityStart: new Date(start),
      validityEnd: new Date(start + this.validityMs),
    };
  }

  /** The key valid at `at` in `region`, or (none yet) `candidate` stored in the caller's transaction. */
  async install(tx: Repositories, region: string, at: Date, candidate: SealedSigningKey | undefined): Promise<StoredSigningKey> {
    const found = await tx.signingKeys.validAt(region, at);
    if (found) return this.open(found);
    if (!candidate) throw new Error(`no digest-signing key for ${region} at ${at.toISOString()}`);
    await tx.signingKeys.insert(candidate);
    return this.open(candidate);
  }

  /** For workers: the key that signs at `at`, generated outside and stored in a write of its own if none is valid. */
  async signingKey(store: Store, region: string, at: Date): Promise<StoredSigningKey> {
    await this.ready();
    const found = await store.read((tx) => tx.signingKeys.validAt(region, at));
    if (found) return this.open(found);
    const candidate = this.candidate(region, at);
    return store.write((tx) => this.install(tx, region, at, candidate));
  }

  /** Keys of `region` whose window overlaps [start, end], oldest first (ListPublicKeys). Never opens a private key. */
  list(tx: Repositories, region: string, start: Date, end: Date): Promise<PublicSigningKey[]> {
    return tx.signingKeys.list(region, start, end);
  }

  private open(key: SealedSigningKey): StoredSigningKey {
    const cacheKey = `${key.region}/${key.fingerprint}`;
    let opened = this.cache.get(cacheKey);
    if (!opened) {
      const pem = this.box.open(key.privateKeySealed);
      opened = { ...signingKeyFromPem(pem), region: key.region, validityStart: key.validityStart, validityEnd: key.validityEnd };
      this.cache.set(cacheKey, opened);
    }
    return opened;
  }
}
