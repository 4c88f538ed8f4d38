import type { PublicSigningKey, SealedSigningKey } from '../../audit/digest/signing-key.js';

/** Digest-signing keys per region; the private half is stored sealed (SecretBox), never in clear. */
export interface SigningKeyRepository {
  /** The newest key of `region` whose window holds `at` (start inclusive, end exclusive). */
  validAt(region: string, at: Date): Promise<SealedSigningKey | undefined>;
  insert(key: SealedSigningKey): Promise<void>;
  /** Keys of `region` whose window overlaps [start, end], oldest first; no private halves. */
  list(region: string, start: Date, end: Date): Promise<PublicSigningKey[]>;
  /** Keys stored in clear by versions before sealing (their public half was never stored). */
  legacyClear(): Promise<Array<{ region: string; fingerprint: string; privateKeyPem: string }>>;
  /** Replaces a legacy clear key with its sealed form and public half. */
  sealLegacy(region: string, fingerprint: string, privateKeySealed: string, publicKeyDer: Buffer): Promise<void>;
}
