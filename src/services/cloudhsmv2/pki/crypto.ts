/**
 * The one place that binds @peculiar/x509 to Node's WebCrypto, plus the RSA key plumbing the
 * CloudHSM PKI needs. Every other PKI module imports `x509` from here so the provider is set first.
 */
import 'reflect-metadata'; // tsyringe (used by @peculiar/x509) needs the Reflect metadata API loaded first
import { createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };

/** RSA 2048 with SHA-256: what the CloudHSM hardware uses for its CSR and certificates. */
export const RSA_SHA256: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
};

const subtle = webcrypto.subtle as unknown as SubtleCrypto;

/** A fresh RSA 2048 signing key pair. Slow (~50–150 ms): keep it off request paths. */
export async function generateRsaKeyPair(): Promise<CryptoKeyPair> {
  return (await subtle.generateKey(RSA_SHA256, true, ['sign', 'verify'])) as CryptoKeyPair;
}

export async function exportPrivateKeyPem(key: CryptoKey): Promise<string> {
  const der = await subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

/** Rebuilds the key pair from a stored PKCS#8 PEM (the public half is derived from the private key). */
export async function importKeyPairPem(privateKeyPem: string): Promise<CryptoKeyPair> {
  const keyObject = createPrivateKey(privateKeyPem);
  const pkcs8 = keyObject.export({ type: 'pkcs8', format: 'der' });
  const spki = createPublicKey(keyObject).export({ type: 'spki', format: 'der' });
  const privateKey = await subtle.importKey('pkcs8', pkcs8, RSA_SHA256, true, ['sign']);
  const publicKey = await subtle.importKey('spki', spki, RSA_SHA256, true, ['verify']);
  return { privateKey, publicKey };
}

/** True when two DER encodings (for example two SubjectPublicKeyInfos) are byte-identical. */
export function sameBytes(a: ArrayBuffer, b: ArrayBuffer): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}
