import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** A region's digest-signing key pair, in the forms CloudTrail publishes and stores. */
export interface SigningKey {
  /** Lowercase hex MD5 of publicKeyDer: digestPublicKeyFingerprint and ListPublicKeys Fingerprint. */
  fingerprint: string;
  /** DER of the PKCS#1 RSAPublicKey (SEQUENCE{modulus, exponent}), not SubjectPublicKeyInfo. */
  publicKeyDer: Buffer;
  /** PKCS#8 PEM; the only form persisted. */
  privateKeyPem: string;
}

/** A stored key: its window, public half, and private half sealed with master.key (SecretBox). */
export interface SealedSigningKey {
  region: string;
  fingerprint: string;
  publicKeyDer: Buffer;
  privateKeySealed: string;
  validityStart: Date;
  validityEnd: Date;
}

/** A published key: what ListPublicKeys and validate-logs need, without the private half. */
export type PublicSigningKey = Omit<SealedSigningKey, 'privateKeySealed'>;

export function generateSigningKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
  return signingKeyFromPrivateKey(privateKey);
}

/** Rebuilds the public parts from a stored private key. */
export function signingKeyFromPem(privateKeyPem: string): SigningKey {
  return signingKeyFromPrivateKey(createPrivateKey(privateKeyPem));
}

function signingKeyFromPrivateKey(privateKey: KeyObject): SigningKey {
  const publicKeyDer = createPublicKey(privateKey).export({ type: 'pkcs1', format: 'der' });
  return {
    fingerprint: publicKeyFingerprint(publicKeyDer),
    publicKeyDer,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** MD5 over the raw PKCS#1 DER bytes, as AWS computes it (checked against AWS-published key pairs). */
export function publicKeyFingerprint(publicKeyDer: Buffer): string {
  return createHash('md5').update(publicKeyDer).digest('hex');
}

/**
 * The ListPublicKeys `Value` blob: the raw PKCS#1 DER bytes. The JSON protocol encodes blobs as
 * base64 exactly once on the wire; awscli's verifier then receives that base64 text (the CLI keeps
 * blobs unparsed) and base64-decodes it itself. Encoding here as well would double-encode and every
 * digest would fail with "Unable to load PKCS #1 key". (CloudTrail API Reference, "PublicKey": Value is "The DER
 * encoded public key value in PKCS#1 format", https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PublicKey.html.)
 */
export function listPublicKeysValue(key: Pick<SigningKey, 'publicKeyDer'>): Buffer {
  return Buffer.from(key.publicKeyDer);
}
