/**
 * The two roots every cluster's hardware certificates chain to, created once per server and kept in
 * the store. Key generation is slow, so it happens outside any transaction; the insert is
 * first-writer-wins and everyone then reads the stored pair.
 */
import type { Db } from '../../storage/sqlite/database.js';
import { createAwsCloudHsmRoot, createManufacturerRoot, type CertificateAuthority } from './certificates.js';

export interface PkiRoots {
  manufacturerRoot: CertificateAuthority;
  awsRoot: CertificateAuthority;
}

const NAMES = { manufacturerRoot: 'manufacturer', awsRoot: 'aws-cloudhsm' } as const;

export function loadRoots(db: Db): PkiRoots | undefined {
  const get = (name: string) =>
    db
      .prepare('SELECT certificate_pem AS certificatePem, private_key_pem AS privateKeyPem FROM cloudhsm_pki_roots WHERE name = ?')
      .get(name) as CertificateAuthority | undefined;
  const manufacturerRoot = get(NAMES.manufacturerRoot);
  const awsRoot = get(NAMES.awsRoot);
  return manufacturerRoot && awsRoot ? { manufacturerRoot, awsRoot } : undefined;
}

/** Generates a fresh pair (outside a transaction). */
export async function generateRoots(now: Date): Promise<PkiRoots> {
  const [manufacturerRoot, awsRoot] = await Promise.all([createManufacturerRoot(now), createAwsCloudHsmRoot(now)]);
  return { manufacturerRoot, awsRoot };
}

/** Inside a transaction: keeps the stored pair if another writer got there first. */
export function storeRoots(db: Db, roots: PkiRoots): PkiRoots {
  const put = db.prepare('INSERT OR IGNORE INTO cloudhsm_pki_roots VALUES (?, ?, ?)');
  put.run(NAMES.manufacturerRoot, roots.manufacturerRoot.certificatePem, roots.manufacturerRoot.privateKeyPem);
  put.run(NAMES.awsRoot, roots.awsRoot.certificatePem, roots.awsRoot.privateKeyPem);
  return loadRoots(db)!;
}
