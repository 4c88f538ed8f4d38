import type { Repositories } from '../../storage/ports.js';
import { trailCursors } from './cursors.js';

/** Removes a trail with its tags, delivery state, cursors and digest chains, in the caller's transaction. */
export async function forgetTrail(tx: Repositories, arn: string): Promise<void> {
  await tx.trails.delete(arn);
  await tx.delivery.forget(arn);
  await tx.digests.drop(arn);
  await tx.cursors.delete(trailCursors.scan(arn));
  for (const name of (await tx.cursors.list(trailCursors.regionPrefix(arn))).keys()) await tx.cursors.delete(name);
}
