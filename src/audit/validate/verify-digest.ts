import { createHash } from 'node:crypto';
import { DigestError, type FetchedDigest } from './digest-provider.js';
import { loadPkcs1PublicKey, PublicKeyLoadError, SignatureMismatchError, unhexlify, verifyPkcs1Signature } from './verify-signature.js';

/**
 * awscli's Sha256RSADigestValidator: rebuilds the string to sign from the parsed JSON (values
 * rendered as Python's f-string would) and the inflated bytes, then verifies the metadata signature.
 */
export function verifyFetchedDigest(bucket: string, key: string, publicKeyDer: Buffer, digest: FetchedDigest): void {
  const { data } = digest;
  try {
    const publicKey = loadPkcs1PublicKey(publicKeyDer);
    const previous = data['previousDigestSignature'] ?? 'null';
    const toSign =
      `${pyStr(data['digestEndTime'])}\n${pyStr(data['digestS3Bucket'])}/${pyStr(data['digestS3Object'])}\n` +
      `${createHash('sha256').update(digest.inflated).digest('hex')}\n${pyStr(previous)}`;
    verifyPkcs1Signature(publicKey, Buffer.from(toSign, 'utf8'), unhexlify(digest.signature));
  } catch (e) {
    if (e instanceof PublicKeyLoadError) {
      throw new DigestError(bucket, key, `Unable to load PKCS #1 key with fingerprint ${pyStr(data['digestPublicKeyFingerprint'])}`);
    }
    if (e instanceof SignatureMismatchError) throw new DigestError(bucket, key, 'signature verification failed');
    throw e;
  }
}

/** str() of a JSON-decoded value, for the non-string cases a tampered digest might contain. */
function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pyFloat(value);
  return JSON.stringify(value);
}

function pyFloat(value: number): string {
  const text = String(value);
  return /[.e]/.test(text) ? text.replace(/e([+-])(\d)$/, 'e$10$2') : `${text}.0`;
}
