import { createHash, createPublicKey, verify } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPkcs1PublicKey, SignatureMismatchError, verifyPkcs1Signature } from '../validate/verify-signature.js';
import { buildDigest, digestLogFileEntry, digestStringToSign, type BuiltDigest } from './digest-file.js';
import { digestKey, digestKeyRegex, extractDigestKeyStamp } from './keys.js';
import { generateSigningKey, listPublicKeysValue, publicKeyFingerprint, signingKeyFromPem, type SigningKey } from './signing-key.js';

const chain = { accountId: '111122223333', region: 'eu-west-3', trailName: 'Infosec_Audit', homeRegion: 'us-west-2' };
const period = { start: new Date('2026-08-28T21:07:32Z'), end: new Date('2026-08-28T22:07:32Z') };
let key: SigningKey;
beforeAll(() => {
  key = generateSigningKey();
});

describe('digest keys', () => {
  it('use the end time for the date folder and the 16-character stamp; source region first, home last', () => {
    expect(digestKey({ ...chain, endTime: period.end })).toBe(
      'AWSLogs/111122223333/CloudTrail-Digest/eu-west-3/2026/08/28/111122223333_CloudTrail-Digest_eu-west-3_Infosec_Audit_us-west-2_20260828T220732Z.json.gz',
    );
  });

  it('match awscli’s chain regex and stamp offsets, standard and backfill, with a prefix', () => {
    const loc = { ...chain, prefix: 'a.b/c' };
    const std = digestKey({ ...loc, endTime: period.end });
    const backfill = digestKey({ ...loc, endTime: period.end, backfill: true });
    expect(backfill.endsWith('_20260828T220732Z_backfill.json.gz')).toBe(true);
    for (const k of [std, backfill]) {
      expect(digestKeyRegex(loc).test(k)).toBe(true);
      expect(extractDigestKeyStamp(k)).toBe('20260828T220732Z');
    }
    expect(digestKeyRegex({ ...loc, trailName: 'Infosec' }).test(std)).toBe(false);
    expect(digestKeyRegex({ ...loc, prefix: 'aXb/c' }).test(std)).toBe(false);
  });
});

describe('signing keys', () => {
  it('fingerprint is the MD5 of the PKCS#1 DER public key', () => {
    expect(key.fingerprint).toBe(createHash('md5').update(key.publicKeyDer).digest('hex'));
    expect(key.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('matches an AWS-published key/fingerprint pair (awscli examples/cloudtrail/list-public-keys.rst)', () => {
    const value =
      'MIIBCgKCAQEAlSS3cl92HDycr/MTj0moOhas8habjrraXw+KzlWF0axSI2tcF+3iJ9BKQAVSKxGwxwu3m0wG3J+kUl1xboEcEPHYoIYMbgfSw7KGnuDKwkLz' +
      'sQWhUJ0cIbOHASox1vv/5fNXkrHhGbDCHeVXm804c83nvHUEFYThr1PfyP/8HwrCtR3FX5OANtQCP61C1nJtSSkC8JSQUOrIP4CuwJjc+4WGDk+BGH5m9iui' +
      'AKkipEHWmUl8/P7XpfpWQuk4h8g3pXZOrNXr08lbh4d39svj7UqdhvOXoBISp9t/EXYuePGEtBdrKD9Dz+VHwyUPtBQvYr9BnkF88qBnaPNhS44rzwIDAQAB';
    expect(publicKeyFingerprint(Buffer.from(value, 'base64'))).toBe('7f3f401420072e50a65a141430817ab3');
    expect(key.publicKeyDer.toString('base64').startsWith('MIIBCgKCAQEA')).toBe(true);
  });

  it('ListPublicKeys Value is the raw DER blob (the protocol base64-encodes it once)', () => {
    const value = listPublicKeysValue(key);
    expect(value.equals(key.publicKeyDer)).toBe(true);
    expect(createPublicKey({ key: value, format: 'der', type: 'pkcs1' }).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('round-trips through the stored PEM', () => {
    const again = signingKeyFromPem(key.privateKeyPem);
    expect(again.fingerprint).toBe(key.fingerprint);
    expect(again.publicKeyDer.equals(key.publicKeyDer)).toBe(true);
  });
});

describe('buildDigest', () => {
  const logFile = digestLogFileEntry('logs', 'AWSLogs/x.json.gz', {
    sha256Hex: 'a'.repeat(64),
    oldestEventTime: '2026-08-28T21:10:00Z',
    newestEventTime: '2026-08-28T21:20:00Z',
  });
  const logFile2 = {
    ...logFile,
    s3Object: 'AWSLogs/y.json.gz',
    oldestEventTime: '2026-08-28T21:05:00Z',
    newestEventTime: '2026-08-28T21:15:00Z',
  };
  let first: BuiltDigest;
  beforeAll(() => {
    first = buildDigest({ chain, bucket: 'logs', period, logFiles: [], previous: null, key });
  });

  it('writes CloudTrail’s members in order, with nulls for an empty starting digest', () => {
    const doc = JSON.parse(gunzipSync(first.gzipped).toString('utf8'));
    expect(Object.keys(doc)).toEqual([
      'awsAccountId',
      'digestStartTime',
      'digestEndTime',
      'digestS3Bucket',
      'digestS3Object',
      'digestPublicKeyFingerprint',
      'digestSignatureAlgorithm',
      'newestEventTime',
      'oldestEventTime',
      'previousDigestS3Bucket',
      'previousDigestS3Object',
      'previousDigestHashValue',
      'previousDigestHashAlgorithm',
      'previousDigestSignature',
      'logFiles',
    ]);
    expect(doc).toMatchObject({
      awsAccountId: '111122223333',
      digestStartTime: '2026-08-28T21:07:32Z',
      digestEndTime: '2026-08-28T22:07:32Z',
      digestS3Bucket: 'logs',
      digestS3Object: first.s3Object,
      digestPublicKeyFingerprint: key.fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: null,
      oldestEventTime: null,
      previousDigestS3Bucket: null,
      previousDigestS3Object: null,
      previousDigestHashValue: null,
      previousDigestHashAlgorithm: null,
      previousDigestSignature: null,
      logFiles: [],
    });
    expect(first.sha256Hex).toBe(createHash('sha256').update(gunzipSync(first.gzipped)).digest('hex'));
  });

  it('builds the exact data-signing string, signing "null" for a chain start', () => {
    expect(digestStringToSign(first.document, first.sha256Hex)).toBe(
      `2026-08-28T22:07:32Z\nlogs/${first.s3Object}\n${first.sha256Hex}\nnull`,
    );
  });

  it('signs SHA256withRSA: Node verify and the python-rsa-style verifier accept it, a changed byte does not', () => {
    const toSign = Buffer.from(digestStringToSign(first.document, first.sha256Hex), 'utf8');
    const signature = Buffer.from(first.signature, 'hex');
    expect(signature).toHaveLength(256);
    expect(first.signature).toMatch(/^[0-9a-f]{512}$/);
    expect(verify('sha256', toSign, createPublicKey({ key: key.publicKeyDer, format: 'der', type: 'pkcs1' }), signature)).toBe(true);
    const publicKey = loadPkcs1PublicKey(key.publicKeyDer);
    expect(() => verifyPkcs1Signature(publicKey, toSign, signature)).not.toThrow();
    const tampered = Buffer.from(toSign);
    tampered[0] ^= 1;
    expect(() => verifyPkcs1Signature(publicKey, tampered, signature)).toThrow(SignatureMismatchError);
  });

  it('stores the signature as lower-case user metadata', () => {
    expect(first.putOptions).toEqual({
      contentType: 'application/json',
      contentEncoding: 'gzip',
      metadata: { signature: first.signature, 'signature-algorithm': 'SHA256withRSA' },
    });
  });

  it('chains to the previous digest and signs its signature', () => {
    const next = buildDigest({
      chain,
      bucket: 'logs',
      period: { start: period.end, end: new Date(period.end.getTime() + 3600_000) },
      logFiles: [logFile, logFile2],
      previous: first,
      key,
    });
    expect(next.document).toMatchObject({
      previousDigestS3Bucket: 'logs',
      previousDigestS3Object: first.s3Object,
      previousDigestHashValue: first.sha256Hex,
      previousDigestHashAlgorithm: 'SHA-256',
      previousDigestSignature: first.signature,
      newestEventTime: '2026-08-28T21:20:00Z',
      oldestEventTime: '2026-08-28T21:05:00Z',
    });
    expect(next.document.logFiles[0]).toEqual({
      s3Bucket: 'logs',
      s3Object: 'AWSLogs/x.json.gz',
      hashValue: 'a'.repeat(64),
      hashAlgorithm: 'SHA-256',
      newestEventTime: '2026-08-28T21:20:00Z',
      oldestEventTime: '2026-08-28T21:10:00Z',
    });
    expect(digestStringToSign(next.document, next.sha256Hex).endsWith(`\n${first.signature}`)).toBe(true);
  });

  it('marks backfill digests by key suffix and generation-timestamp metadata', () => {
    const backfill = buildDigest({
      chain,
      bucket: 'logs',
      period,
      logFiles: [],
      previous: null,
      key,
      backfill: { generatedAt: new Date('2026-08-29T01:00:00.250Z') },
    });
    expect(backfill.s3Object.endsWith('_20260828T220732Z_backfill.json.gz')).toBe(true);
    expect(backfill.putOptions.metadata?.['backfill-generation-timestamp']).toBe('2026-08-29T01:00:00Z');
  });
});
