/**
 * Notification signing: one RSA 2048 key and self-signed X.509 certificate per region, generated outside any
 * transaction and stored with the private half sealed (SecretBox). SignatureVersion 1 is SHA1withRSA, 2 is
 * SHA256withRSA (SNS Developer Guide, "Verifying the signatures of Amazon SNS messages").
 */
import 'reflect-metadata'; // @peculiar/x509's tsyringe needs the Reflect metadata API first
import { createPrivateKey, createSign, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { SecretBox } from '../../identity/store/secret-box.js';
import type { SnsSigningKey } from '../../storage/ports/sns.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const RSA: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
};
const TEN_YEARS_MS = 10 * 365 * 86_400_000;

/** The certificate's path on this server, as AWS names its own (`/SimpleNotificationService-<id>.pem`). */
export const certificatePath = (id: string) => `/SimpleNotificationService-${id}.pem`;
export const CERTIFICATE_PATH = /^\/SimpleNotificationService-([0-9a-f]{32})\.pem$/;

export class NotificationSigner {
  private readonly opened = new Map<string, KeyObject>();

  constructor(private readonly box: SecretBox) {}

  /** A new key and certificate for `region`, sealed. Slow (RSA generation): never inside a transaction. */
  async candidate(region: string, now: Date): Promise<SnsSigningKey> {
    const subtle = webcrypto.subtle as unknown as SubtleCrypto;
    const keys = (await subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: randomBytes(8).toString('hex'),
      name: `CN=sns.${region}.amazonaws.com`,
      notBefore: now,
      notAfter: new Date(now.getTime() + TEN_YEARS_MS),
      keys,
      signingAlgorithm: RSA,
    });
    const pkcs8 = await subtle.exportKey('pkcs8', keys.privateKey);
    return {
      region,
      id: randomBytes(16).toString('hex'),
      certificatePem: cert.toString('pem'),
      privateKeySealed: this.box.seal(x509.PemConverter.encode(pkcs8, 'PRIVATE KEY')),
      createdAt: now,
    };
  }

  /** Base64 signature of `text` with the key, SHA1withRSA (version 1) or SHA256withRSA (version 2). */
  sign(key: SnsSigningKey, signatureVersion: '1' | '2', text: string): string {
    let privateKey = this.opened.get(key.id);
    if (!privateKey) {
      privateKey = createPrivateKey(this.box.open(key.privateKeySealed));
      this.opened.set(key.id, privateKey);
    }
    return createSign(signatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256')
      .update(text, 'utf8')
      .sign(privateKey, 'base64');
  }
}
