import type { BackupState, ClusterMode, ClusterState, HsmState, NetworkType, Tag } from '../../protocol/generated/cloudhsmv2.js';

/** A CloudHSM v2 cluster as stored. `null` means "not set"; times are Dates. */
export interface ClusterRecord {
  clusterId: string;
  accountId: string;
  region: string;
  createTime: Date;
  state: ClusterState;
  stateMessage: string | null;
  /** When the lifecycle worker moves an *_IN_PROGRESS cluster on (survives restarts). */
  transitionDueAt: Date | null;
  hsmType: string;
  previousHsmType: string | null;
  rollbackExpiration: Date | null;
  mode: ClusterMode;
  networkType: NetworkType;
  vpcId: string;
  securityGroup: string;
  /** Availability Zone → subnet id. */
  subnetMapping: Record<string, string>;
  retentionDays: number;
  sourceBackupId: string | null;
  clusterKey: string | null;
  clusterCsr: string | null;
  hsmCertificate: string | null;
  awsHardwareCertificate: string | null;
  manufacturerHardwareCertificate: string | null;
  clusterCertificate: string | null;
  trustAnchor: string | null;
  nextBackupAt: Date | null;
}

export type ClusterChanges = Partial<Omit<ClusterRecord, 'clusterId' | 'accountId' | 'region' | 'createTime'>>;

/** DescribeClusters' filters: values of a key are OR-ed, keys AND-ed; an empty list matches nothing. */
export interface ClusterFilter {
  clusterIds?: string[];
  vpcIds?: string[];
  states?: ClusterState[];
}

/** Keyset position: the last row of the previous page. */
export interface ListPosition {
  createTime: Date;
  id: string;
}

export interface ClusterQuery {
  accountId: string;
  region: string;
  filter: ClusterFilter;
  /** Rows strictly after this one, in (createTime, clusterId) order. */
  after?: ListPosition;
  limit: number;
}

export interface ClusterRepository {
  get(clusterId: string): Promise<ClusterRecord | undefined>;
  /** Clusters of an account in a region, at most `upTo`: a kept count, so the quota check costs the same however many exist. */
  count(accountId: string, region: string, upTo: number): Promise<number>;
  /** Oldest first, by (createTime, clusterId). */
  list(query: ClusterQuery): Promise<ClusterRecord[]>;
  insert(cluster: ClusterRecord): Promise<void>;
  update(clusterId: string, changes: ClusterChanges): Promise<void>;
  delete(clusterId: string): Promise<void>;
  /** Clusters whose transitionDueAt is at or before `now`. */
  dueForTransition(now: Date): Promise<ClusterRecord[]>;
  /** ACTIVE clusters whose nextBackupAt is at or before `now`. */
  dueForBackup(now: Date): Promise<ClusterRecord[]>;
  /** Up to `limit` clusters whose key is stored as clear PEM (`-----BEGIN`), as before keys were sealed. */
  withClearKey(limit: number): Promise<Array<{ clusterId: string; clusterKey: string }>>;
}

export interface HsmRecord {
  hsmId: string;
  clusterId: string;
  accountId: string;
  region: string;
  createTime: Date;
  availabilityZone: string;
  subnetId: string;
  eniId: string;
  eniIp: string;
  hsmType: string;
  state: HsmState;
  stateMessage: string | null;
  transitionDueAt: Date | null;
}

export interface HsmRepository {
  /** A cluster's HSMs, oldest first. */
  ofCluster(clusterId: string): Promise<HsmRecord[]>;
  /** HSMs of many clusters at once (one page), each list oldest first; clusters without HSMs are absent. */
  ofClusters(clusterIds: string[]): Promise<Map<string, HsmRecord[]>>;
  countInRegion(accountId: string, region: string): Promise<number>;
  insert(hsm: HsmRecord): Promise<void>;
  setState(hsmId: string, state: HsmState, stateMessage: string | null, transitionDueAt: Date | null): Promise<void>;
  /** Every HSM of the cluster takes the cluster's (new) type. */
  setTypeOfCluster(clusterId: string, hsmType: string): Promise<void>;
  delete(hsmId: string): Promise<void>;
  hasActive(clusterId: string): Promise<boolean>;
  /** HSMs whose transitionDueAt is at or before `now`. */
  dueForTransition(now: Date): Promise<HsmRecord[]>;
  /** Due CREATE_IN_PROGRESS HSMs of UNINITIALIZED clusters that have no CSR yet: the first HSMs. */
  firstDueOfUninitialized(now: Date): Promise<HsmRecord[]>;
}

export interface BackupRecord {
  backupId: string;
  accountId: string;
  region: string;
  /** null for copies: they belong to no cluster. */
  clusterId: string | null;
  createTime: Date;
  state: BackupState;
  transitionDueAt: Date | null;
  deleteTime: Date | null;
  neverExpires: boolean;
  hsmType: string;
  mode: ClusterMode;
  clusterCertificate: string | null;
  sourceRegion: string | null;
  sourceBackup: string | null;
  sourceCluster: string | null;
  copyTime: Date | null;
  /** The resource policy (JSON) that shares the backup with other accounts. */
  policy: string | null;
}

export type BackupChanges = Partial<Omit<BackupRecord, 'backupId' | 'accountId' | 'region' | 'createTime'>>;

export interface BackupFilter {
  backupIds?: string[];
  sourceBackupIds?: string[];
  clusterIds?: string[];
  states?: BackupState[];
  neverExpires?: boolean[];
}

export interface BackupQuery {
  accountId: string;
  region: string;
  filter: BackupFilter;
  ascending: boolean;
  /** Rows strictly after this one in the listing's order. */
  after?: ListPosition;
  limit: number;
}

export interface BackupRepository {
  get(backupId: string): Promise<BackupRecord | undefined>;
  /** By (createTime, backupId), ascending or descending. */
  list(query: BackupQuery): Promise<BackupRecord[]>;
  insert(backup: BackupRecord): Promise<void>;
  update(backupId: string, changes: BackupChanges): Promise<void>;
  delete(backupId: string): Promise<void>;
  /** CREATE_IN_PROGRESS backups whose transitionDueAt is at or before `now`. */
  dueForCompletion(now: Date): Promise<BackupRecord[]>;
  /**
   * READY backups of existing clusters created more than their cluster's retention (days) before
   * `now`, except NeverExpires ones and each cluster's most recent READY backup.
   */
  pastRetention(now: Date): Promise<BackupRecord[]>;
  /** PENDING_DELETION backups whose deleteTime is at or before `now`. */
  dueForPurge(now: Date): Promise<BackupRecord[]>;
}

/** Tags of clusters and backups (keyed by resource id). */
export interface CloudHsmTagRepository {
  /** By key. */
  of(resourceId: string): Promise<Tag[]>;
  ofMany(resourceIds: string[]): Promise<Map<string, Tag[]>>;
  /** Up to `limit` tags with keys after `afterKey`, by key. */
  page(resourceId: string, afterKey: string | undefined, limit: number): Promise<Tag[]>;
  /** Adds the tags; an existing key takes the new value. */
  put(resourceId: string, tags: Tag[]): Promise<void>;
  remove(resourceId: string, keys: string[]): Promise<void>;
  drop(resourceId: string): Promise<void>;
}

export interface PkiRoot {
  certificatePem: string;
  privateKeyPem: string;
}

/** The roots every cluster's hardware certificates chain to, by name. */
export interface PkiRootRepository {
  get(name: string): Promise<PkiRoot | undefined>;
  /** First writer wins: an existing root of that name is kept. */
  putIfAbsent(name: string, root: PkiRoot): Promise<void>;
  /** Replaces a stored root's private key (to seal one stored before keys were sealed). */
  setPrivateKey(name: string, privateKeyPem: string): Promise<void>;
}
