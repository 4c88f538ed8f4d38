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
