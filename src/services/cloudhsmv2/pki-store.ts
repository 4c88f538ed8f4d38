/**
 * The two roots every cluster's hardware certificates chain to, created once per server and kept in
 * the store with their private keys sealed (SecretBox). Key generation is slow, so it happens outside
 * any transaction; the insert is first-writer-wins and everyone then reads the stored pair.
 */
import type { SecretBox } from '../../identity/store/secret-box.js';
import type { Repositories } from '../../storage/ports.js';
import { createAwsCloudHsmRoot, createManufacturerRoot, type CertificateAuthority } from './certificates.js';

export interface PkiRoots {
  manufacturerRoot: CertificateAuthority;
  awsRoot: CertificateAuthority;
}

const NAMES = { manufacturerRoot: 'manufacturer', awsRoot: 'aws-cloudhsm' } as const;

/** A private key as stored: sealed, or clear PEM if it was stored before keys were sealed. */
export const openKey = (box: SecretBox, stored: string): string => (isClearKey(stored) ? stored : box.open(stored));
const isClearKey = (stored: string) => stored.startsWith('-----BEGIN');

export async function loadRoots(tx: Repositories, box: SecretBox): Promise<PkiRoots | undefined> {
  const [manufacturerRoot, awsRoot] = [await tx.cloudhsmPkiRoots.get(NAMES.manufacturerRoot), await tx.cloudhsmPkiRoots.get(NAMES.awsRoot)];
  if (!manufacturerRoot || !awsRoot) return undefined;
  const opened = (root: CertificateAuthority) => ({ ...root, privateKeyPem: openKey(box, root.privateKeyPem) });
  return { manufacturerRoot: opened(manufacturerRoot), awsRoot: opened(awsRoot) };
}

/** Generates a fresh pair (outside a transaction). */
export async function generateRoots(now: Date): Promise<PkiRoots> {
  const [manufacturerRoot, awsRoot] = await Promise.all([createManufacturerRoot(now), createAwsCloudHsmRoot(now)]);
  return { manufacturerRoot, awsRoot };
}

/** Inside a write transaction: keeps the stored pair if another writer got there first. */
export async function storeRoots(tx: Repositories, roots: PkiRoots, box: SecretBox): Promise<PkiRoots> {
  const sealed = (root: CertificateAuthority) => ({ ...root, privateKeyPem: box.seal(root.privateKeyPem) });
  await tx.cloudhsmPkiRoots.putIfAbsent(NAMES.manufacturerRoot, sealed(roots.manufacturerRoot));
  await tx.cloudhsmPkiRoots.putIfAbsent(NAMES.awsRoot, sealed(roots.awsRoot));
  return (await loadRoots(tx, box))!;
}

/** Seals the keys stored in the clear before keys were sealed: the roots', then the clusters' in batches. */
export async function sealClearKeys(tx: Repositories, box: SecretBox): Promise<void> {
  for (const name of Object.values(NAMES)) {
    const root = await tx.cloudhsmPkiRoots.get(name);
    if (root && isClearKey(root.privateKeyPem)) await tx.cloudhsmPkiRoots.setPrivateKey(name, box.seal(root.privateKeyPem));
  }
  for (let batch = await tx.cloudhsmClusters.withClearKey(100); batch.length > 0; batch = await tx.cloudhsmClusters.withClearKey(100)) {
    for (const { clusterId, clusterKey } of batch) await tx.cloudhsmClusters.update(clusterId, { clusterKey: box.seal(clusterKey) });
  }
}
