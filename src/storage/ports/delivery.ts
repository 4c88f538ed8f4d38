import type { DeliveredFile, DeliveryStatus, DeliveryStatusChanges, PlannedFile } from '../../audit/deliver/delivery-state.js';

/** What trail delivery persists besides its cursors: status, planned files, delivered files. */
export interface DeliveryRepository {
  status(trailArn: string): Promise<DeliveryStatus | undefined>;
  /** Creates the status (no failures, no backoff) if absent, then applies `changes`. */
  updateStatus(trailArn: string, changes: DeliveryStatusChanges): Promise<void>;
  /** Planned, undelivered files, in cursor order. */
  planned(trailArn: string): Promise<PlannedFile[]>;
  plan(file: PlannedFile): Promise<void>;
  /** Records a stored file (once per key) and drops its plan. */
  recordDelivered(plan: PlannedFile, file: DeliveredFile): Promise<void>;
  /** Files of a trail/region no digest covers yet, delivered at or before `until`, oldest first. */
  undigested(trailArn: string, region: string, until: number): Promise<DeliveredFile[]>;
  regionsWithUndigested(trailArn: string): Promise<string[]>;
  markDigested(trailArn: string, s3Keys: string[], digestKey: string): Promise<void>;
  /** Drops the trail's status and plans (delivered files stay: retention reads them). */
  forget(trailArn: string): Promise<void>;
}
