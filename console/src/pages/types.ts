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
