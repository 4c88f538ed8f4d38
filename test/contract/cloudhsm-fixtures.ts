/** Domain values the CloudHSM contract suites store. */
import type { BackupRecord, ClusterRecord, HsmRecord } from '../../src/storage/ports/cloudhsm.js';

export const ACCOUNT = '111122223333';
export const at = (second: number) => new Date(Date.UTC(2026, 11, 1, 0, 0, second));

export const cluster = (id: string, second: number, extra: Partial<ClusterRecord> = {}): ClusterRecord => ({
  clusterId: id,
  accountId: ACCOUNT,
  region: 'us-east-1',
  createTime: at(second),
  state: 'CREATE_IN_PROGRESS',
  stateMessage: 'The cluster is being created.',
  transitionDueAt: null,
  hsmType: 'hsm2m.medium',
  previousHsmType: null,
  rollbackExpiration: null,
  mode: 'FIPS',
  networkType: 'IPV4',
  vpcId: 'vpc-0123456789abcdef0',
  securityGroup: 'sg-0123456789abcdef0',
  subnetMapping: { 'us-east-1a': 'subnet-0123456789abcdef0' },
  retentionDays: 90,
  sourceBackupId: null,
  clusterKey: null,
  clusterCsr: null,
  hsmCertificate: null,
  awsHardwareCertificate: null,
  manufacturerHardwareCertificate: null,
  clusterCertificate: null,
  trustAnchor: null,
  nextBackupAt: null,
  ...extra,
});

export const hsm = (id: string, clusterId: string, second: number, extra: Partial<HsmRecord> = {}): HsmRecord => ({
  hsmId: id,
  clusterId,
  accountId: ACCOUNT,
  region: 'us-east-1',
  createTime: at(second),
  availabilityZone: 'us-east-1a',
  subnetId: 'subnet-0123456789abcdef0',
  eniId: `eni-${id}`,
  eniIp: '172.31.0.4',
  hsmType: 'hsm2m.medium',
  state: 'CREATE_IN_PROGRESS',
  stateMessage: 'HSM is being created.',
  transitionDueAt: null,
  ...extra,
});

export const backup = (id: string, clusterId: string | null, second: number, extra: Partial<BackupRecord> = {}): BackupRecord => ({
  backupId: id,
  accountId: ACCOUNT,
  region: 'us-east-1',
  clusterId,
  createTime: at(second),
  state: 'READY',
  transitionDueAt: null,
  deleteTime: null,
  neverExpires: false,
  hsmType: 'hsm2m.medium',
  mode: 'FIPS',
  clusterCertificate: null,
  sourceRegion: null,
  sourceBackup: null,
  sourceCluster: null,
  copyTime: null,
  policy: null,
  ...extra,
});
