import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsCloudHsmRoot, createManufacturerRoot, issueClusterCertificates, verifyInitializeCluster } from './certificates.js';
import type { CertificateAuthority, ClusterCertificateSet } from './certificates.js';
import { OpenSslWorkdir } from './pki/openssl-cli.test-helper.js';

const now = new Date();
let ossl: OpenSslWorkdir;
let manufacturerRoot: CertificateAuthority;
let awsRoot: CertificateAuthority;
let certs: ClusterCertificateSet;

beforeAll(async () => {
  ossl = new OpenSslWorkdir();
  [manufacturerRoot, awsRoot] = await Promise.all([createManufacturerRoot(now), createAwsCloudHsmRoot(now)]);
  certs = await issueClusterCertificates({ clusterId: 'cluster-igklspoyj5v', hsmId: 'hsm-ucg7yx2jw4c', now, manufacturerRoot, awsRoot });
  ossl.write('manufacturer_root.crt', manufacturerRoot.certificatePem);
  ossl.write('aws_root.crt', awsRoot.certificatePem);
  ossl.write('ManufacturerHardwareCertificate.crt', certs.ManufacturerHardwareCertificate);
  ossl.write('AwsHardwareCertificate.crt', certs.AwsHardwareCertificate);
  ossl.write('HsmCertificate.crt', certs.HsmCertificate);
  ossl.write('cluster.csr', certs.ClusterCsr);
});
afterAll(() => ossl.dispose());

const verifyChain = (root: string, intermediate: string) =>
  ossl.run(['verify', '-CAfile', root, '-untrusted', intermediate, 'HsmCertificate.crt'], { allowFailure: true });

describe('issueClusterCertificates (checked with the openssl CLI, as in "verify HSM identity")', () => {
  it('HsmCertificate verifies up the manufacturer chain and up the AWS chain', () => {
    const manufacturer = verifyChain('manufacturer_root.crt', 'ManufacturerHardwareCertificate.crt');
    expect(manufacturer.stdout.trim()).toBe('HsmCertificate.crt: OK');
    const aws = verifyChain('aws_root.crt', 'AwsHardwareCertificate.crt');
    expect(aws.stdout.trim()).toBe('HsmCertificate.crt: OK');
  });

  it('does not verify through a hardware certificate from the other root', () => {
    expect(verifyChain('aws_root.crt', 'ManufacturerHardwareCertificate.crt').status).not.toBe(0);
    expect(verifyChain('manufacturer_root.crt', 'AwsHardwareCertificate.crt').status).not.toBe(0);
  });

  it('the CSR is self-signed and carries the same public key as the HSM certificate', () => {
    const selfCheck = ossl.run(['req', '-in', 'cluster.csr', '-noout', '-verify']);
    expect(selfCheck.stdout + selfCheck.stderr).toMatch(/verify OK/);
    const csrKey = ossl.run(['req', '-in', 'cluster.csr', '-noout', '-pubkey']).stdout;
    const hsmKey = ossl.run(['x509', '-in', 'HsmCertificate.crt', '-noout', '-pubkey']).stdout;
    expect(csrKey).toContain('BEGIN PUBLIC KEY');
    expect(hsmKey).toBe(csrKey);
    expect(ossl.run(['req', '-in', 'cluster.csr', '-noout', '-text']).stdout).toMatch(/Public-Key: \(2048 bit\)/);
  });

  it('uses AWS-style HSM names: CSR subject = HSM cert subject, issued by the hardware identity', () => {
    const csrSubject = ossl.run(['req', '-in', 'cluster.csr', '-noout', '-subject']).stdout;
    const hsm = ossl.run(['x509', '-in', 'HsmCertificate.crt', '-noout', '-subject', '-issuer']).stdout;
    expect(csrSubject).toMatch(/CN = "HSM:5\.3G\d{4}-ICM\d{6}:PARTN:\d+, for FIPS mode"/);
    expect(hsm).toContain(csrSubject.replace('subject=', '').trim());
    expect(hsm).toMatch(/issuer=.*CN = "HSM:5\.3G\d{4}-ICM\d{6}, for FIPS mode"/);
    const aws = ossl.run(['x509', '-in', 'AwsHardwareCertificate.crt', '-noout', '-issuer']).stdout;
    expect(aws).toContain('O = Amazon Web Services');
  });

  it('reissuing with the stored clusterKey reproduces the same CSR', async () => {
    const again = await issueClusterCertificates({
      clusterId: 'cluster-igklspoyj5v',
      hsmId: 'hsm-ucg7yx2jw4c',
      now,
      manufacturerRoot,
      awsRoot,
      clusterKey: certs.clusterKey,
    });
    expect(again.clusterKey).toBe(certs.clusterKey);
    expect(again.ClusterCsr).toBe(certs.ClusterCsr); // PKCS#1 v1.5 signatures are deterministic
    const other = await issueClusterCertificates({ clusterId: 'cluster-other', hsmId: 'hsm-other', now, manufacturerRoot, awsRoot });
    expect(other.clusterKey).not.toBe(certs.clusterKey);
    expect(other.ClusterCsr).not.toBe(certs.ClusterCsr);
  });

  it('stores the cluster key as PKCS#8 PEM that openssl reads as RSA 2048', () => {
    expect(certs.clusterKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    ossl.write('cluster.key', certs.clusterKey);
    expect(ossl.run(['pkey', '-in', 'cluster.key', '-noout', '-text']).stdout).toMatch(/2048 bit/);
  });
});

describe('user-guide InitializeCluster flow against issued certificates', () => {
  it('accepts the CSR signed by a customer CA made with openssl, and returns the ClusterCertificate', async () => {
    ossl.createCa('customerCA');
    const signed = ossl.sign('cluster.csr', 'customerCA', 'cluster.crt');
    const trustAnchor = ossl.read('customerCA.crt');
    const clusterCertificate = await verifyInitializeCluster({
      csrPem: certs.ClusterCsr,
      signedCertPem: signed,
      trustAnchorPem: trustAnchor,
    });
    expect(clusterCertificate).toBe(signed);
  });
});
