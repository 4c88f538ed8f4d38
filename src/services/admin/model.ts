import type { ServiceModel } from '../../protocol/model.js';

/**
 * hsmtrail's own admin API: what AWS does outside its APIs (activating a cluster through the HSM's CLI,
 * adding VPCs, forcing a delivery). It rides the same pipeline as every AWS service — awsJson1_1, SigV4
 * with signing name `hsmtrail`, IAM actions `hsmtrail:*`, recorded with eventSource `hsmtrail.local` —
 * so admin commands are authenticated, authorized and audited like any call.
 */
export const ADMIN_TARGET_PREFIX = 'HsmTrailAdmin_20261101';
export const ADMIN_SIGNING_NAME = 'hsmtrail';

const op = (name: string) => ({
  name,
  http: { method: 'POST', requestUri: '/' },
  input: `${name}Request`,
  output: `${name}Response`,
  errors: [],
});
const str = { shape: 'String' };
/** The event filter SearchEvents and FollowEvents share. */
const eventFilterMembers = {
  Users: { shape: 'Strings' },
  EventName: str,
  EventSource: str,
  SourceIp: str,
  ErrorCode: str,
  ErrorsOnly: { shape: 'Boolean' },
  Resource: str,
  AccessKeyId: str,
  ReadOnly: { shape: 'Boolean' },
  Since: { shape: 'Timestamp' },
  Until: { shape: 'Timestamp' },
  Region: str,
};

export const model: ServiceModel = {
  metadata: {
    protocol: 'json',
    apiVersion: '2026-11-01',
    serviceId: 'HsmTrail Admin',
    endpointPrefix: 'hsmtrail',
    signingName: ADMIN_SIGNING_NAME,
    targetPrefix: ADMIN_TARGET_PREFIX,
    jsonVersion: '1.1',
  },
  operations: {
    ActivateCluster: op('ActivateCluster'),
    CreateVpc: op('CreateVpc'),
    CreateSubnet: op('CreateSubnet'),
    FlushTrails: op('FlushTrails'),
    SearchEvents: op('SearchEvents'),
    FollowEvents: op('FollowEvents'),
    RemoveRootMFADevices: op('RemoveRootMFADevices'),
    SetRootPassword: op('SetRootPassword'),
  },
  shapes: {
    String: { type: 'string' },
    ClusterId: { type: 'string', pattern: 'cluster-[2-7a-zA-Z]{11,16}' },
    Cidr: { type: 'string', pattern: '^\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}$' },
    Count: { type: 'integer' },
    TrailNames: { type: 'list', member: str },
    ActivateClusterRequest: { type: 'structure', required: ['ClusterId'], members: { ClusterId: { shape: 'ClusterId' } } },
    ActivateClusterResponse: { type: 'structure', members: { ClusterId: str, State: str } },
    CreateVpcRequest: { type: 'structure', required: ['CidrBlock'], members: { CidrBlock: { shape: 'Cidr' } } },
    CreateVpcResponse: { type: 'structure', members: { VpcId: str, CidrBlock: str } },
    CreateSubnetRequest: {
      type: 'structure',
      required: ['VpcId', 'AvailabilityZone', 'CidrBlock'],
      members: { VpcId: str, AvailabilityZone: str, CidrBlock: { shape: 'Cidr' } },
    },
    CreateSubnetResponse: { type: 'structure', members: { SubnetId: str, VpcId: str, AvailabilityZone: str, CidrBlock: str } },
    Boolean: { type: 'boolean' },
    Long: { type: 'long' },
    Timestamp: { type: 'timestamp' },
    Strings: { type: 'list', member: str },
    Order: { type: 'string', enum: ['newest', 'oldest'] },
    Limit: { type: 'integer', min: 1, max: 1000 },
    SearchEventsRequest: {
      type: 'structure',
      required: ['Limit'],
      members: {
        ...eventFilterMembers,
        Limit: { shape: 'Limit' },
        Order: { shape: 'Order' },
        AfterSeq: { shape: 'Long' },
        ThroughSeq: { shape: 'Long' },
      },
    },
    FoundEvent: { type: 'structure', members: { Seq: { shape: 'Long' }, Record: str } },
    FoundEvents: { type: 'list', member: { shape: 'FoundEvent' } },
    SearchEventsResponse: { type: 'structure', members: { Events: { shape: 'FoundEvents' }, LastSeq: { shape: 'Long' } } },
    // One long-lived response per follower: newline-delimited JSON, each line {"Seq","Record"}, and once,
    // after the backlog, {"CaughtUp":true,"LastSeq"}. The call is recorded once, when the stream starts.
    BacklogLimit: { type: 'integer', min: 0, max: 1000 },
    FollowEventsRequest: {
      type: 'structure',
      required: ['Limit'],
      members: {
        ...eventFilterMembers,
        Limit: { shape: 'BacklogLimit' },
      },
    },
    EventStream: { type: 'blob', streaming: true },
    FollowEventsResponse: { type: 'structure', payload: 'Events', members: { Events: { shape: 'EventStream' } } },
    RemoveRootMFADevicesRequest: { type: 'structure', members: { SerialNumber: str } },
    RemoveRootMFADevicesResponse: { type: 'structure', members: { SerialNumbers: { shape: 'Strings' } } },
    // The root user's console password: AWS's length rule for it (8 to 128 characters, AWS Account
    // Management Reference Guide, "Change the password for the AWS account root user"); sensitive, so
    // neither a record nor a validation message ever shows it.
    RootPassword: { type: 'string', min: 8, max: 128, sensitive: true },
    SetRootPasswordRequest: { type: 'structure', required: ['Password'], members: { Password: { shape: 'RootPassword' } } },
    SetRootPasswordResponse: { type: 'structure', members: {} },
    FlushTrailsRequest: { type: 'structure', members: { Name: str } },
    FlushTrailsResponse: {
      type: 'structure',
      members: {
        TrailNames: { shape: 'TrailNames' },
        LogFilesDelivered: { shape: 'Count' },
        DigestFilesDelivered: { shape: 'Count' },
        Failures: { shape: 'TrailNames' },
      },
    },
  },
};
