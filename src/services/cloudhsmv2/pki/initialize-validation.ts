/**
 * The certificate checks behind InitializeCluster (CloudHSM User Guide, "Initialize the cluster in AWS CloudHSM",
 * https://docs.aws.amazon.com/cloudhsm/latest/userguide/initialize-cluster.html). AWS documents that the
 * TrustAnchor must be a self-signed RFC 5280 root, that Basic Constraints must be present when v3
 * extensions are, and that extension values must not conflict. The remaining checks (real
 * signature, same key as the cluster CSR, validity period) are inferred [I]. Every failure is a
 * CloudHsmInvalidRequestException; AWS's exact wording is unpublished, so messages name the member.
 *
 * Newer user-guide text allows a "certificate chain" as TrustAnchor, so the TrustAnchor may hold
 * intermediates besides its one self-signed root; SignedCert must chain to that root through them.
 */
import { ServiceError } from '../../../errors/service-error.js';
import { sameBytes, x509 } from './crypto.js';

/** The user guide's limit for SignedCert and TrustAnchor PEM text. */
export const MAX_CERT_PEM_LENGTH = 5000;

export interface VerifyInitializeClusterInput {
  /** The cluster's ClusterCsr (PEM PKCS#10). */
  csrPem: string;
  signedCertPem: string;
  trustAnchorPem: string;
  now?: Date;
  maxPemLength?: number;
}

type Member = 'SignedCert' | 'TrustAnchor';

export const invalidRequest = (message: string): ServiceError =>
  new ServiceError('CloudHsmInvalidRequestException', message, { status: 400 });

/** Resolves to the ClusterCertificate to store, or throws CloudHsmInvalidRequestException. */
export async function verifyInitializeCluster(input: VerifyInitializeClusterInput): Promise<string> {
  const now = input.now ?? new Date();
  const max = input.maxPemLength ?? MAX_CERT_PEM_LENGTH;
  const signed = parseCertificates('SignedCert', input.signedCertPem, max);
  if (signed.length !== 1) throw invalidRequest('SignedCert must contain exactly one certificate.');
  const leaf = signed[0]!;
  const anchors = parseCertificates('TrustAnchor', input.trustAnchorPem, max);

  const root = await findRoot(anchors);
  checkExtensions('TrustAnchor', root, { mustBeCa: false });
  for (const cert of anchors) checkValidity('TrustAnchor', cert, now);
  checkValidity('SignedCert', leaf, now);
  await checkChain(leaf, root, anchors);
  checkSameKeyAsCsr(leaf, input.csrPem);
  return input.signedCertPem;
}

function parseCertificates(member: Member, pem: string, max: number): x509.X509Certificate[] {
  if (pem.length > max) throw invalidRequest(`${member} must be at most ${max} characters of PEM.`);
  const invalid = () => invalidRequest(`${member} is not a valid PEM-encoded X.509 certificate.`);
  let blocks: x509.PemStruct[];
  try {
    blocks = x509.PemConverter.decodeWithHeaders(pem);
  } catch {
    throw invalid();
  }
  if (blocks.length === 0 || blocks.some((b) => b.type !== 'CERTIFICATE')) throw invalid();
  return blocks.map((block) => {
    try {
      return new x509.X509Certificate(block.rawData);
    } catch {
      throw invalid();
    }
  });
}

const sameName = (a: x509.Name, b: x509.Name): boolean => sameBytes(a.toArrayBuffer(), b.toArrayBuffer());

/** True when `issuer` names and signed `cert` (a real signature check, not just a name match). */
async function isIssuedBy(cert: x509.X509Certificate, issuer: x509.X509Certificate): Promise<boolean> {
  if (!sameName(cert.issuerName, issuer.subjectName)) return false;
  try {
    return await cert.verify({ publicKey: issuer, signatureOnly: true });
  } catch {
    return false; // unsupported or malformed algorithm parameters: not a valid signature
  }
}

async function findRoot(anchors: x509.X509Certificate[]): Promise<x509.X509Certificate> {
  const roots: x509.X509Certificate[] = [];
  for (const cert of anchors) if (await isIssuedBy(cert, cert)) roots.push(cert);
  if (roots.length !== 1) throw invalidRequest('TrustAnchor must contain exactly one self-signed root certificate.');
  return roots[0]!;
}

/** RFC 5280 rules for a certificate used as a CA (the doc's "values must not conflict"). */
function checkExtensions(member: Member, cert: x509.X509Certificate, opts: { mustBeCa: boolean }): void {
  const subject = `"${cert.subject}"`;
  const constraints = cert.getExtension(x509.BasicConstraintsExtension);
  if (cert.extensions.length > 0 || opts.mustBeCa) {
    if (!constraints) throw invalidRequest(`${member} certificate ${subject} must include the X509v3 Basic Constraints extension.`);
    if (!constraints.ca) throw invalidRequest(`${member} certificate ${subject} is not a CA: Basic Constraints has CA:FALSE.`);
  }
  const keyUsage = cert.getExtension(x509.KeyUsagesExtension);
  if (keyUsage && (keyUsage.usages & x509.KeyUsageFlags.keyCertSign) === 0) {
    throw invalidRequest(`${member} certificate ${subject} has conflicting extensions: Key Usage lacks keyCertSign.`);
  }
}

function checkValidity(member: Member, cert: x509.X509Certificate, now: Date): void {
  const at = `${member} certificate "${cert.subject}"`;
  if (now < cert.notBefore) throw invalidRequest(`${at} is not yet valid (notBefore ${cert.notBefore.toISOString()}).`);
  if (now > cert.notAfter) throw invalidRequest(`${at} has expired (notAfter ${cert.notAfter.toISOString()}).`);
}

/** Walks from SignedCert's issuer up through TrustAnchor intermediates to the root. */
async function checkChain(leaf: x509.X509Certificate, root: x509.X509Certificate, anchors: x509.X509Certificate[]) {
  let current = leaf;
  for (let depth = 0; depth <= anchors.length; depth++) {
    if (await isIssuedBy(current, root)) return;
    const next = await firstIssuer(
      current,
      anchors.filter((c) => c !== root && c !== current),
    );
    if (!next) break;
    checkExtensions('TrustAnchor', next, { mustBeCa: true });
    current = next;
  }
  throw invalidRequest(
    current === leaf
      ? 'SignedCert was not signed by the TrustAnchor.'
      : `SignedCert does not chain to the TrustAnchor root: no issuer for ${current.subject}.`,
  );
}

async function firstIssuer(cert: x509.X509Certificate, candidates: x509.X509Certificate[]) {
  for (const candidate of candidates) if (await isIssuedBy(cert, candidate)) return candidate;
  return undefined;
}

function checkSameKeyAsCsr(leaf: x509.X509Certificate, csrPem: string): void {
  const csr = new x509.Pkcs10CertificateRequest(csrPem); // ours; a parse failure is an internal fault
  if (!sameBytes(leaf.publicKey.rawData, csr.publicKey.rawData)) {
    throw invalidRequest("SignedCert's public key does not match the cluster's CSR. Sign the cluster's current ClusterCsr.");
  }
}
