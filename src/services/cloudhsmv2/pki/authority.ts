/**
 * Certificate issuance for the emulated HSM PKI: self-signed roots and certificates they (or the
 * hardware key) sign. Extensions follow RFC 5280 closely enough for `openssl verify`: CAs carry
 * critical basicConstraints + keyCertSign, and AKI/SKI link each certificate to its issuer's key.
 */
import { randomBytes } from 'node:crypto';
import type { JsonName } from '@peculiar/x509';
import { exportPrivateKeyPem, generateRsaKeyPair, importKeyPairPem, RSA_SHA256, x509 } from './crypto.js';

/** A CA the caller persists (both PEMs) so it is generated once per server, not per cluster. */
export interface CertificateAuthority {
  /** PEM X.509 certificate. */
  certificatePem: string;
  /** PEM PKCS#8 private key. */
  privateKeyPem: string;
}

/** Holds a CA in the form the generator needs. */
export interface LoadedAuthority {
  certificate: x509.X509Certificate;
  keys: CryptoKeyPair;
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;
export const yearsAfter = (from: Date, years: number): Date => new Date(from.getTime() + years * YEAR_MS);

/** Positive 64-bit serial (the top bit cleared so DER never needs a sign byte). */
function serialNumber(): string {
  const bytes = randomBytes(8);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex');
}

const CA_USAGES = x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign;
const LEAF_USAGES = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment;

async function caExtensions(publicKey: CryptoKey, pathLength?: number): Promise<x509.Extension[]> {
  return [
    new x509.BasicConstraintsExtension(true, pathLength, true),
    new x509.KeyUsagesExtension(CA_USAGES, true),
    await x509.SubjectKeyIdentifierExtension.create(publicKey),
  ];
}

export async function createRootAuthority(name: JsonName, now: Date, years: number): Promise<CertificateAuthority> {
  const keys = await generateRsaKeyPair();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name,
    notBefore: now,
    notAfter: yearsAfter(now, years),
    signingAlgorithm: RSA_SHA256,
    keys,
    extensions: await caExtensions(keys.publicKey),
  });
  return { certificatePem: certificate.toString('pem'), privateKeyPem: await exportPrivateKeyPem(keys.privateKey) };
}

export async function loadAuthority(ca: CertificateAuthority): Promise<LoadedAuthority> {
  return { certificate: new x509.X509Certificate(ca.certificatePem), keys: await importKeyPairPem(ca.privateKeyPem) };
}

export interface IssueParams {
  /** The issuer's subject, passed as its parsed Name so the encoded bytes match exactly. */
  issuerName: x509.Name | JsonName;
  issuerKeys: CryptoKeyPair;
  subject: JsonName;
  publicKey: CryptoKey;
  notBefore: Date;
  notAfter: Date;
  /** A CA certificate with this path length, or an end-entity certificate when undefined. */
  caPathLength?: number;
}

export async function issueCertificate(p: IssueParams): Promise<x509.X509Certificate> {
  const extensions =
    p.caPathLength === undefined
      ? [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(LEAF_USAGES, true),
          await x509.SubjectKeyIdentifierExtension.create(p.publicKey),
        ]
      : await caExtensions(p.publicKey, p.caPathLength);
  extensions.push(await x509.AuthorityKeyIdentifierExtension.create(p.issuerKeys.publicKey));
  return x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: p.subject,
    issuer: p.issuerName,
    notBefore: p.notBefore,
    notAfter: p.notAfter,
    signingAlgorithm: RSA_SHA256,
    publicKey: p.publicKey,
    signingKey: p.issuerKeys.privateKey,
    extensions,
  });
}
