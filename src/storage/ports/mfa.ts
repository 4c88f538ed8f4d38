/**
 * IAM virtual MFA devices. The TOTP seed arrives sealed (identity SecretBox) and leaves sealed. A
 * device is unassigned until EnableMFADevice assigns it to a user; `lastStep` is the newest TOTP time
 * step accepted for it, so a code once used (to enable, resync or sign in) cannot be used again.
 */
export interface MfaDeviceRow {
  serialNumber: string;
  name: string;
  path: string;
  sealedSeed: string;
  createDate: string;
  userId?: string;
  enableDate?: string;
  lastStep?: number;
}

export interface IamMfaRepository {
  /** Resolves false (and stores nothing) when a device with that serial number, in any case, exists. */
  insert(d: Omit<MfaDeviceRow, 'userId' | 'enableDate' | 'lastStep'>): Promise<boolean>;
  find(serialNumber: string): Promise<MfaDeviceRow | undefined>;
  /** Ordered by serial number. */
  list(): Promise<MfaDeviceRow[]>;
  /** The user's enabled devices, oldest enabled first. */
  devicesOf(userId: string): Promise<MfaDeviceRow[]>;
  /** Assigns the device to the user. */
  enable(serialNumber: string, userId: string, enableDate: string, lastStep: number): Promise<void>;
  /** Unassigns the device (it stays, unassigned, until deleted). */
  deactivate(serialNumber: string): Promise<void>;
  /** Moves the replay guard forward; never backward. */
  useStep(serialNumber: string, step: number): Promise<void>;
  delete(serialNumber: string): Promise<void>;
}
