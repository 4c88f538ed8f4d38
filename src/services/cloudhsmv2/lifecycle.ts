/**
 * The background worker that moves CloudHSM resources through their asynchronous states. State and
 * deadlines live in the store, so a restarted server simply carries on. Certificate key generation
 * (slow RSA) happens between a read snapshot and the write; everything else commits in one `store.write`.
 */
import type { SecretBox } from '../../identity/store/secret-box.js';
import type { Store } from '../../storage/ports.js';
import { issueClusterCertificates } from './certificates.js';
import { PENDING_DELETION_WINDOW, resolveOptions, type CloudHsmOptions, type ResolvedOptions } from './options.js';
import { generateRoots, loadRoots, openKey, sealClearKeys, storeRoots, type PkiRoots } from './pki-store.js';
import { applyDueTransitions, expireBackups, hsmsNeedingCertificates, type PreparedCertificates } from './transitions.js';

const RETENTION_EVERY_MS = 60_000;

export class CloudHsmLifecycle {
  private readonly opts: ResolvedOptions;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastRetention = -Infinity;
  private clearKeysSealed = false;

  /** `box` seals the private keys it stores: each cluster's key and the two roots'. */
  constructor(
    private readonly store: Store,
    private readonly box: SecretBox,
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
    if (!this.clearKeysSealed) {
      await this.store.write((tx) => sealClearKeys(tx, this.box));
      this.clearKeysSealed = true;
    }
    const { certs, roots } = await this.prepareCertificates(now);
    const retention = ms - this.lastRetention >= RETENTION_EVERY_MS;
    await this.store.write(async (tx) => {
      // Certificates issued under roots that lost the race to be stored are regenerated next tick.
      if (roots && (await storeRoots(tx, roots, this.box)).awsRoot.certificatePem !== roots.awsRoot.certificatePem) certs.clear();
      await applyDueTransitions(tx, ms, this.opts, certs);
      if (retention) await expireBackups(tx, ms, PENDING_DELETION_WINDOW);
    });
    if (retention) this.lastRetention = ms;
  }

  /** Outside the transaction: roots (once per server) and the certificates of first HSMs coming up. */
  private async prepareCertificates(now: Date): Promise<{ certs: PreparedCertificates; roots?: PkiRoots }> {
    const certs: PreparedCertificates = new Map();
    const { due, stored } = await this.store.read(async (tx) => {
      const due = await hsmsNeedingCertificates(tx, now.getTime());
      return { due, stored: due.length > 0 ? await loadRoots(tx, this.box) : undefined };
    });
    if (due.length === 0) return { certs };
    const roots = stored ?? (await generateRoots(now));
    for (const { hsm, cluster } of due) {
      const set = await issueClusterCertificates({
        clusterId: cluster.clusterId,
        hsmId: hsm.hsmId,
        now,
        ...roots,
        clusterKey: cluster.clusterKey ? openKey(this.box, cluster.clusterKey) : undefined,
      });
      certs.set(hsm.hsmId, { ...set, clusterKey: this.box.seal(set.clusterKey) });
    }
    return { certs, roots: stored ? undefined : roots };
  }
}
