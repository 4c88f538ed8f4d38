import { describe, expect, it } from 'vitest';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { SqliteStore } from '../../storage/sqlite/store.js';
import { harness } from './harness.test-helper.js';
import { CloudHsmLifecycle } from './lifecycle.js';
import { x509 } from './pki/crypto.js';

/** A cluster whose first HSM has come up, so its key, CSR and the two roots are stored. */
async function clusterWithCsr() {
  const h = harness();
  const [a] = await h.defaultSubnets();
  const { Cluster } = await h.invoke('CreateCluster', { HsmType: 'hsm2m.medium', SubnetIds: [a!.subnetId] });
  await h.advance(600);
  await h.invoke('CreateHsm', { ClusterId: Cluster.ClusterId, AvailabilityZone: 'us-east-1a' });
  await h.advance(1100);
  const db = (h.store as SqliteStore).db;
  const stored = () => ({
    cluster: db.prepare('SELECT cluster_key AS key, cluster_csr AS csr FROM cloudhsm_clusters').get() as { key: string; csr: string },
    roots: db.prepare('SELECT name, private_key_pem AS key FROM cloudhsm_pki_roots ORDER BY name').all() as Array<{
      name: string;
      key: string;
    }>,
  });
  return { h, db, stored };
}

const spkiOfKey = (pem: string) => createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'der' });
const spkiOfCsr = (pem: string) => Buffer.from(new x509.Pkcs10CertificateRequest(pem).publicKey.rawData);

describe('CloudHSM private keys at rest', () => {
  it("stores each cluster's key and the roots' keys sealed, never as PEM", async () => {
    const { h, stored } = await clusterWithCsr();
    const { cluster, roots } = stored();
    expect(cluster.csr).toContain('BEGIN CERTIFICATE REQUEST');
    expect(cluster.key).toMatch(/^v1:/);
    expect(cluster.key).not.toContain('PRIVATE KEY');
    // The sealed key is the one behind the CSR.
    expect(spkiOfKey(h.box.open(cluster.key)).equals(spkiOfCsr(cluster.csr))).toBe(true);
    expect(roots.map((r) => r.name)).toEqual(['aws-cloudhsm', 'manufacturer']);
    for (const root of roots) {
      expect(root.key).toMatch(/^v1:/);
      expect(h.box.open(root.key)).toContain('BEGIN PRIVATE KEY');
    }
  });

  it('seals the keys a store kept in the clear before, and they stay the same keys', async () => {
    const { h, db, stored } = await clusterWithCsr();
    const clear = { cluster: h.box.open(stored().cluster.key), roots: stored().roots.map((r) => ({ ...r, key: h.box.open(r.key) })) };
    db.prepare('UPDATE cloudhsm_clusters SET cluster_key = ?').run(clear.cluster);
    for (const r of clear.roots) db.prepare('UPDATE cloudhsm_pki_roots SET private_key_pem = ? WHERE name = ?').run(r.key, r.name);

    await new CloudHsmLifecycle(h.store, h.box).tick(new Date(h.now()));

    const after = stored();
    expect(after.cluster.key).toMatch(/^v1:/);
    expect(h.box.open(after.cluster.key)).toBe(clear.cluster);
    expect(after.roots.map((r) => r.key.startsWith('v1:'))).toEqual([true, true]);
    expect(after.roots.map((r) => h.box.open(r.key))).toEqual(clear.roots.map((r) => r.key));
  });
});
