/**
 * The X.509 side of CloudHSM v2: the certificates a cluster's first HSM produces
 * (Cluster.Certificates) and the checks InitializeCluster applies to the customer's signed cert.
 *
 * Trust layout, as in the user guide's "verify HSM identity" diagram:
 *
 *   AWS CloudHSM root ──▶ AwsHardwareCertificate ──┐
 *                                                  ├─▶ HsmCertificate (key = ClusterCsr's key)
 *   Manufacturer root ──▶ ManufacturerHardwareCertificate ┘
 *
 * Both hardware certificates certify the same hardware key under the same subject, so the HSM
 * certificate verifies up either root. Key generation (RSA 2048) is slow: run this in the
 * background lifecycle worker, never on a request path.
 */
import {
  AWS_CLOUDHSM_ROOT_NAME,
  hardwareName,
  hardwareSerial,
  MANUFACTURER_ROOT_NAME,
  partitionName,
  partitionNumber,
} from './pki/names.js';
import { createRootAuthority, issueCertificate, loadAuthority, yearsAfter } from './pki/authority.js';
import type { CertificateAuthority, LoadedAuthority } from './pki/authority.js';
import { exportPrivateKeyPem, generateRsaKeyPair, importKeyPairPem, RSA_SHA256, x509 } from './pki/crypto.js';

export type { CertificateAuthority } from './pki/authority.js';
export { verifyInitializeCluster } from './pki/initialize-validation.js';
export type { VerifyInitializeClusterInput } from './pki/initialize-validation.js';

const ROOT_YEARS = 30;
const HARDWARE_YEARS = 20;
const HSM_CERT_YEARS = 10;

/** The hardware manufacturer's root. Create once per server and persist it. */
export const createManufacturerRoot = (now: Date = new Date()): Promise<CertificateAuthority> =>
  createRootAuthority(MANUFACTURER_ROOT_NAME, now, ROOT_YEARS);

/** The AWS CloudHSM root (modelled on AWS_CloudHSM_Root-G1). Create once per server and persist it. */
export const createAwsCloudHsmRoot = (now: Date = new Date()): Promise<CertificateAuthority> =>
  createRootAuthority(AWS_CLOUDHSM_ROOT_NAME, now, ROOT_YEARS);

export interface IssueClusterCertificatesInput {
  clusterId: string;
  /** The cluster's first HSM, which generates the CSR. */
  hsmId: string;
  now: Date;
  manufacturerRoot: CertificateAuthority;
  awsRoot: CertificateAuthority;
  /** A stored cluster key (PKCS#8 PEM) to reuse; a new RSA 2048 key is generated when absent. */
  clusterKey?: string;
}

/** The Cluster.Certificates members known before initialization, plus the key to persist. */
export interface ClusterCertificateSet {
  /** PKCS#8 PEM private key behind ClusterCsr and HsmCertificate. Never returned on the wire. */
  clusterKey: string;
  ClusterCsr: string;
  HsmCertificate: string;
  AwsHardwareCertificate: string;
  ManufacturerHardwareCertificate: string;
}

export async function issueClusterCertificates(input: IssueClusterCertificatesInput): Promise<ClusterCertificateSet> {
  const [clusterKeys, hardwareKeys, manufacturer, aws] = await Promise.all([
    input.clusterKey ? importKeyPairPem(input.clusterKey) : generateRsaKeyPair(),
    generateRsaKeyPair(),
    loadAuthority(input.manufacturerRoot),
    loadAuthority(input.awsRoot),
  ]);
  const serial = hardwareSerial(input.hsmId);
  const partition = partitionName(serial, partitionNumber(input.clusterId));
  const hardware = { name: hardwareName(serial), keys: hardwareKeys };

  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: partition,
    keys: clusterKeys,
    signingAlgorithm: RSA_SHA256,
  });
  const certifyHardware = (root: LoadedAuthority) =>
    issueCertificate({
      issuerName: root.certificate.subjectName,
      issuerKeys: root.keys,
      subject: hardware.name,
      publicKey: hardware.keys.publicKey,
      notBefore: input.now,
      notAfter: yearsAfter(input.now, HARDWARE_YEARS),
      caPathLength: 0,
    });
  const [manufacturerCert, awsCert, hsmCert] = await Promise.all([
    certifyHardware(manufacturer),
    certifyHardware(aws),
    issueCertificate({
      issuerName: hardware.name,
      issuerKeys: hardware.keys,
      subject: partition,
      publicKey: clusterKeys.publicKey,
      notBefore: input.now,
      notAfter: yearsAfter(input.now, HSM_CERT_YEARS),
    }),
  ]);
  return {
    clusterKey: input.clusterKey ?? (await exportPrivateKeyPem(clusterKeys.privateKey)),
    ClusterCsr: csr.toString('pem'),
    HsmCertificate: hsmCert.toString('pem'),
    AwsHardwareCertificate: awsCert.toString('pem'),
    ManufacturerHardwareCertificate: manufacturerCert.toString('pem'),
  };
}
