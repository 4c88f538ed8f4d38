/**
 * The two roots every cluster's hardware certificates chain to, created once per server and kept in
 * the store. Key generation is slow, so it happens outside any transaction; the insert is
 * first-writer-wins and everyone then reads the stored pair.
 */
import type { Repositories } from '../../storage/ports.js';
import { createAwsCloudHsmRoot, createManufacturerRoot, type CertificateAuthority } from './certificates.js';

export interface PkiRoots {
  manufacturerRoot: CertificateAuthority;
  awsRoot: CertificateAuthority;
}

const NAMES = { manufacturerRoot: 'manufacturer', awsRoot: 'aws-cloudhsm' } as const;

export async function loadRoots(tx: Repositories): Promise<PkiRoots | undefined> {
  const manufacturerRoot = await tx.cloudhsmPkiRoots.get(NAMES.manufacturerRoot);
  const awsRoot = await tx.cloudhsmPkiRoots.get(NAMES.awsRoot);
  return manufacturerRoot && awsRoot ? { manufacturerRoot, awsRoot } : undefined;
}

/** Generates a fresh pair (outside a transaction). */
export async function generateRoots(now: Date): Promise<PkiRoots> {
  const [manufacturerRoot, awsRoot] = await Promise.all([createManufacturerRoot(now), createAwsCloudHsmRoot(now)]);
  return { manufacturerRoot, awsRoot };
}

/** Inside a write transaction: keeps the stored pair if another writer got there first. */
export async function storeRoots(tx: Repositories, roots: PkiRoots): Promise<PkiRoots> {
  await tx.cloudhsmPkiRoots.putIfAbsent(NAMES.manufacturerRoot, roots.manufacturerRoot);
  await tx.cloudhsmPkiRoots.putIfAbsent(NAMES.awsRoot, roots.awsRoot);
  return (await loadRoots(tx))!;
}
