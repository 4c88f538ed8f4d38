/**
 * The background worker that moves CloudHSM resources through their asynchronous states. State and
 * deadlines live in the store, so a restarted server simply carries on. Certificate key generation
 * (slow RSA) happens before the transaction; everything else commits in one `uow.run`.
 */
import type { Db } from '../../storage/sqlite/database.js';
import type { UnitOfWork } from '../../storage/sqlite/unit-of-work.js';
import { issueClusterCertificates } from './certificates.js';
import { PENDING_DELETION_WINDOW, resolveOptions, type CloudHsmOptions, type ResolvedOptions } from './options.js';
import { generateRoots, loadRoots, storeRoots, type PkiRoots } from './pki-store.js';
import { applyDueTransitions, expireBackups, hsmsNeedingCertificates, type PreparedCertificates } from './transitions.js';

const RETENTION_EVERY_MS = 60_000;

export class CloudHsmLifecycle {
  private readonly opts: ResolvedOptions;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastRetention = -Infinity;

  constructor(
    private readonly db: Db,
    private readonly uow: UnitOfWork,
    options: CloudHsmOptions & { intervalMs?: number; clock?: () => Date; onError?: (err: unknown) => void } = {},
  ) {
    this.opts = resolveOptions(options);
    this.intervalMs = options.intervalMs ?? (this.opts.timings.hsmCreate < 10_000 ? 200 : 5_000);
    this.clock = options.clock ?? (() => new Date());
    this.onError = options.onError ?? (() => undefined);
  }

  private readonly intervalMs: number;
  private readonly clock: () => Date;
  private readonly onError: (err: unknown) => void;

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick(this.clock())
        .catch(this.onError)
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Applies every transition due at `now`. */
  async tick(now: Date): Promise<void> {
    const ms = now.getTime();
    const { certs, roots } = await this.prepareCertificates(now);
    await this.uow.run(() => {
      // Certificates issued under roots that lost the race to be stored are regenerated next tick.
      if (roots && storeRoots(this.db, roots).awsRoot.certificatePem !== roots.awsRoot.certificatePem) certs.clear();
      applyDueTransitions(this.db, ms, this.opts, certs);
      if (ms - this.lastRetention >= RETENTION_EVERY_MS) {
        expireBackups(this.db, ms, PENDING_DELETION_WINDOW);
        this.lastRetention = ms;
      }
    });
  }

  /** Outside the transaction: roots (once per server) and the certificates of first HSMs coming up. */
  private async prepareCertificates(now: Date): Promise<{ certs: PreparedCertificates; roots?: PkiRoots }> {
    const certs: PreparedCertificates = new Map();
    const due = hsmsNeedingCertificates(this.db, now.getTime());
    if (due.length === 0) return { certs };
    const stored = loadRoots(this.db);
    const roots = stored ?? (await generateRoots(now));
    for (const { hsm, cluster } of due) {
      const set = await issueClusterCertificates({
        clusterId: cluster.cluster_id,
        hsmId: hsm.hsm_id,
        now,
        ...roots,
        clusterKey: cluster.cluster_key ?? undefined,
      });
      certs.set(hsm.hsm_id, set);
    }
    return { certs, roots: stored ? undefined : roots };
  }
}
