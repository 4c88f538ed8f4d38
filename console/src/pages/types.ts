/** The CloudHSM v2 shapes the pages read (AWS CloudHSM API Reference, "Cluster", "Hsm"). */
export interface Hsm {
  HsmId: string;
  AvailabilityZone?: string;
  SubnetId?: string;
  EniIp?: string;
  State?: string;
  StateMessage?: string;
}

export interface Cluster {
  ClusterId: string;
  State?: string;
  StateMessage?: string;
  HsmType?: string;
  VpcId?: string;
  CreateTimestamp?: string;
  SubnetMapping?: Record<string, string>;
  SecurityGroup?: string;
  BackupPolicy?: string;
  BackupRetentionPolicy?: { Type?: string; Value?: string };
  Hsms?: Hsm[];
  TagList?: { Key: string; Value: string }[];
  Certificates?: {
    ClusterCsr?: string;
    HsmCertificate?: string;
    AwsHardwareCertificate?: string;
    ManufacturerHardwareCertificate?: string;
    ClusterCertificate?: string;
  };
}

/** DescribeClusters' `states` filter values: the ClusterState enum (AWS CloudHSM API Reference, "Cluster"). */
export const CLUSTER_STATES = [
  'CREATE_IN_PROGRESS',
  'UNINITIALIZED',
  'INITIALIZE_IN_PROGRESS',
  'INITIALIZED',
  'ACTIVE',
  'UPDATE_IN_PROGRESS',
  'MODIFY_IN_PROGRESS',
  'ROLLBACK_IN_PROGRESS',
  'DELETE_IN_PROGRESS',
  'DELETED',
  'DEGRADED',
] as const;
