import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceError } from '../../../errors/service-error.js';
import { createAwsCloudHsmRoot, createManufacturerRoot, issueClusterCertificates } from '../certificates.js';
import { verifyInitializeCluster } from './initialize-validation.js';
import { OpenSslWorkdir } from './openssl-cli.test-helper.js';

const DAY = 24 * 3600 * 1000;
let ossl: OpenSslWorkdir;
let csrPem: string;
let signed: string; // cluster.csr signed by customerCA, the user guide's way
let customerCa: string;

beforeAll(async () => {
  ossl = new OpenSslWorkdir();
  const [manufacturerRoot, awsRoot] = await Promise.all([createManufacturerRoot(), createAwsCloudHsmRoot()]);
  const certs = await issueClusterCertificates({ clusterId: 'cluster-abc', hsmId: 'hsm-abc', now: new Date(), manufacturerRoot, awsRoot });
  csrPem = certs.ClusterCsr;
  ossl.write('cluster.csr', csrPem);
  ossl.createCa('customerCA');
  customerCa = ossl.read('customerCA.crt');
  signed = ossl.sign('cluster.csr', 'customerCA', 'cluster.crt');
});
afterAll(() => ossl.dispose());

/** A CA certificate named `name`, signed by the CA `issuer`, key in `${name}.key`. */
function createIntermediate(name: string, issuer: string): string {
  ossl.createCsr(name);
  ossl.write('ca.ext', 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  return ossl.sign(`${name}.csr`, issuer, `${name}.crt`, { extfile: 'ca.ext' });
}

/** Expects a CloudHsmInvalidRequestException (400) whose message matches. */
async function expectRefused(input: { signedCertPem?: string; trustAnchorPem?: string; now?: Date }, message: RegExp) {
  const error = await verifyInitializeCluster({
    csrPem,
    signedCertPem: input.signedCertPem ?? signed,
    trustAnchorPem: input.trustAnchorPem ?? customerCa,
    now: input.now,
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  expect(error).toMatchObject({ code: 'CloudHsmInvalidRequestException', status: 400, fault: 'Sender' });
  expect((error as ServiceError).message).toMatch(message);
}

const accepts = (signedCertPem: string, trustAnchorPem: string) =>
  expect(verifyInitializeCluster({ csrPem, signedCertPem, trustAnchorPem })).resolves.toBe(signedCertPem);

describe('verifyInitializeCluster accepts', () => {
  it('the user-guide flow: openssl req -x509 CA, openssl x509 -req signature', () => accepts(signed, customerCa));

  it('an EC P-256 customer CA', async () => {
    ossl.createCa('ecCA', { keyAlg: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'] });
    await accepts(ossl.sign('cluster.csr', 'ecCA', 'ec-cluster.crt'), ossl.read('ecCA.crt'));
  });

  it('a v1 self-signed TrustAnchor (no extensions, so no Basic Constraints needed)', async () => {
    ossl.createCsr('v1CA');
    ossl.run(['x509', '-req', '-in', 'v1CA.csr', '-signkey', 'v1CA.key', '-days', '30', '-out', 'v1CA.crt']);
    expect(ossl.run(['x509', '-in', 'v1CA.crt', '-noout', '-text']).stdout).toContain('Version: 1 (0x0)');
    await accepts(ossl.sign('cluster.csr', 'v1CA', 'v1-cluster.crt'), ossl.read('v1CA.crt'));
  });

  it('a TrustAnchor chain: intermediate + root, with the intermediate signing the CSR', async () => {
    ossl.createCa('chainRoot');
    const intermediate = createIntermediate('intermediate', 'chainRoot');
    const leaf = ossl.sign('cluster.csr', 'intermediate', 'chained-cluster.crt');
    await accepts(leaf, intermediate + ossl.read('chainRoot.crt'));
    await expectRefused({ signedCertPem: leaf, trustAnchorPem: ossl.read('chainRoot.crt') }, /not signed by the TrustAnchor/);
  });
});

describe('verifyInitializeCluster refuses', () => {
  it('a cert signed by a different CA', async () => {
    ossl.createCa('otherCA');
    await expectRefused({ signedCertPem: ossl.sign('cluster.csr', 'otherCA', 'other.crt') }, /not signed by the TrustAnchor/);
  });

  it('a trust anchor that did not sign it, even with the same subject name (real signature check)', async () => {
    ossl.createCa('impostorCA', { subject: '/CN=customerCA' });
    const impostor = ossl.read('impostorCA.crt');
    expect(ossl.run(['x509', '-in', 'impostorCA.crt', '-noout', '-subject']).stdout.trim()).toBe('subject=CN = customerCA');
    await expectRefused({ trustAnchorPem: impostor }, /not signed by the TrustAnchor/);
  });

  it('a cert for a different key (another CSR signed by the same CA)', async () => {
    const wrongKey = ossl.sign(ossl.createCsr('stranger'), 'customerCA', 'stranger.crt');
    await expectRefused({ signedCertPem: wrongKey }, /public key does not match the cluster's CSR/);
  });

  it('garbage PEM in either member', async () => {
    const garbage = '-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';
    await expectRefused({ signedCertPem: garbage }, /^SignedCert is not a valid PEM-encoded X\.509 certificate/);
    await expectRefused({ signedCertPem: 'hello' }, /^SignedCert is not a valid PEM/);
    await expectRefused({ trustAnchorPem: garbage }, /^TrustAnchor is not a valid PEM/);
    await expectRefused({ trustAnchorPem: csrPem }, /^TrustAnchor is not a valid PEM/); // a CSR is not a certificate
  });

  it('an expired or not-yet-valid SignedCert', async () => {
    ossl.createCa('longCA', { days: 7300 });
    const shortLived = ossl.sign('cluster.csr', 'longCA', 'short.crt', { days: 1 });
    const trustAnchorPem = ossl.read('longCA.crt');
    await expect(verifyInitializeCluster({ csrPem, signedCertPem: shortLived, trustAnchorPem })).resolves.toBe(shortLived);
    const later = new Date(Date.now() + 2 * DAY);
    await expectRefused({ signedCertPem: shortLived, trustAnchorPem, now: later }, /^SignedCert certificate "C=US, .*PARTN.*" has expired/);
    const earlier = new Date(Date.now() - 2 * DAY);
    await expectRefused({ signedCertPem: shortLived, trustAnchorPem, now: earlier }, /not yet valid/);
  });

  it('an expired TrustAnchor', async () => {
    await expectRefused({ now: new Date(Date.now() + 3653 * DAY) }, /^TrustAnchor certificate "CN=customerCA" has expired/);
  });

  it('a TrustAnchor that is not self-signed (an intermediate alone)', async () => {
    const intermediate = createIntermediate('lonelyIntermediate', 'customerCA');
    await expectRefused({ trustAnchorPem: intermediate }, /exactly one self-signed root/);
  });

  it('a self-signed TrustAnchor that is not a CA, or lacks Basic Constraints, or has conflicting Key Usage', async () => {
    ossl.createSelfSigned('notCA', ['basicConstraints=critical,CA:FALSE']);
    await expectRefused({ trustAnchorPem: ossl.read('notCA.crt') }, /is not a CA/);
    ossl.createSelfSigned('noBC', ['subjectKeyIdentifier=hash']);
    await expectRefused({ trustAnchorPem: ossl.read('noBC.crt') }, /must include the X509v3 Basic Constraints/);
    ossl.createSelfSigned('badKU', ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,digitalSignature']);
    await expectRefused({ trustAnchorPem: ossl.read('badKU.crt') }, /conflicting extensions/);
  });

  it('more than one certificate in SignedCert', async () => {
    await expectRefused({ signedCertPem: signed + signed }, /exactly one certificate/);
  });

  it('PEM text beyond the 5000-character limit', async () => {
    await expectRefused({ signedCertPem: signed + ' '.repeat(5000) }, /^SignedCert must be at most 5000 characters/);
    await expectRefused({ trustAnchorPem: customerCa + '\n'.repeat(5000) }, /^TrustAnchor must be at most 5000/);
  });
});
