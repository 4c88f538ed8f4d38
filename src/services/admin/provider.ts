import type { CallContext, ServiceDefinition } from '../service.js';
import { model } from './model.js';

/** What the admin API does, supplied by the services that own each concern (wired in app/compose.ts). */
export interface AdminActions {
  activateCluster(call: CallContext, clusterId: string): { ClusterId: string; State: string };
  createVpc(call: CallContext, cidrBlock: string): { VpcId: string; CidrBlock: string };
  createSubnet(call: CallContext, input: { VpcId: string; AvailabilityZone: string; CidrBlock: string }): {
    SubnetId: string;
    VpcId: string;
    AvailabilityZone: string;
    CidrBlock: string;
  };
  /** Delivers pending events now and closes the current digest period (runs outside the write lock). */
  flushTrails(name?: string): Promise<{ TrailNames: string[]; LogFilesDelivered: number; DigestFilesDelivered: number; Failures: string[] }>;
}

export function adminService(actions: AdminActions): ServiceDefinition {
  return {
    id: 'admin',
    protocol: 'json',
    eventSource: 'hsmtrail.local',
    actionPrefix: 'hsmtrail',
    model,
    operations: {
      ActivateCluster: (input: { ClusterId: string }, call) => actions.activateCluster(call, input.ClusterId),
      CreateVpc: (input: { CidrBlock: string }, call) => actions.createVpc(call, input.CidrBlock),
      CreateSubnet: (input: { VpcId: string; AvailabilityZone: string; CidrBlock: string }, call) => actions.createSubnet(call, input),
      // Delivery does its own transactions, so it runs in `prepare`, before the call takes the write lock.
      FlushTrails: {
        prepare: (input: { Name?: string }) => actions.flushTrails(input.Name),
        execute: (_input: unknown, _call: unknown, flushed: unknown) => flushed,
      },
    },
    audit: { readOnly: () => false },
  };
}
