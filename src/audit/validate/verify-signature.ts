import { constants, createHash, createPublicKey, publicDecrypt, type KeyObject } from 'node:crypto';

/** python-rsa's HASH_ASN1 DigestInfo prefixes: the verifier accepts whichever hash the signature names. */
const DIGEST_INFO: Array<{ hash: string; prefix: Buffer }> = [
  { hash: 'md5', prefix: Buffer.from('3020300c06082a864886f70d020505000410', 'hex') },
  { hash: 'sha1', prefix: Buffer.from('3021300906052b0e03021a05000414', 'hex') },
  { hash: 'sha224', prefix: Buffer.from('302d300d06096086480165030402040500041c', 'hex') },
  { hash: 'sha256', prefix: Buffer.from('3031300d060960864801650304020105000420', 'hex') },
  { hash: 'sha384', prefix: Buffer.from('3041300d060960864801650304020205000430', 'hex') },
  { hash: 'sha512', prefix: Buffer.from('3051300d060960864801650304020305000440', 'hex') },
];

export class PublicKeyLoadError extends Error {}
export class SignatureMismatchError extends Error {}

/** rsa.PublicKey.load_pkcs1(der, 'DER'): only a PKCS#1 RSAPublicKey is accepted, never SPKI. */
export function loadPkcs1PublicKey(der: Buffer): KeyObject {
  try {
    return createPublicKey({ key: der, format: 'der', type: 'pkcs1' });
  } catch (e) {
    throw new PublicKeyLoadError((e as Error).message);
  }
}

/** binascii.unhexlify, with Python's error texts (they surface verbatim as `INVALID: <text>`). */
export function unhexlify(hex: string): Buffer {
  if (hex.length % 2 !== 0) throw new Error('Odd-length string');
  if (!/^[0-9a-fA-F]*$/.test(hex)) throw new Error('Non-hexadecimal digit found');
  return Buffer.from(hex, 'hex');
}

/**
 * rsa.verify semantics: PKCS#1 v1.5, signature exactly the modulus length, hash detected from the
 * DigestInfo. Throws SignatureMismatchError when the signature does not match the message.
 */
export function verifyPkcs1Signature(publicKey: KeyObject, message: Buffer, signature: Buffer): void {
  const modulusBits = publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (signature.length !== Math.ceil(modulusBits / 8)) throw new SignatureMismatchError('Verification failed');
  let clear: Buffer;
  try {
    clear = publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    throw new SignatureMismatchError('Verification failed');
  }
  const info = DIGEST_INFO.find((d) => clear.subarray(0, d.prefix.length).equals(d.prefix));
  if (!info) throw new SignatureMismatchError('Verification failed');
  const expected = Buffer.concat([info.prefix, createHash(info.hash).update(message).digest()]);
  if (!clear.equals(expected)) throw new SignatureMismatchError('Verification failed');
}
