export {
  buildDigest,
  digestLogFileEntry,
  digestStringToSign,
  putDigest,
  signDigest,
  HASH_ALGORITHM,
  SIGNATURE_ALGORITHM,
  type BuildDigestInput,
  type BuiltDigest,
  type DigestDocument,
  type DigestLink,
  type DigestLogFile,
} from './digest-file.js';
export { digestKey, digestKeyRegex, digestPrefix, extractDigestKeyStamp, isBackfillDigestKey, type DigestChainLocation } from './keys.js';
export { generateSigningKey, listPublicKeysValue, publicKeyFingerprint, signingKeyFromPem, type SigningKey } from './signing-key.js';
export { SigningKeyRing, DEFAULT_KEY_VALIDITY_MS, type StoredSigningKey } from './key-ring.js';
export { DigestWorker, type DigestOptions, type DigestWorkerDeps } from './digest-worker.js';
