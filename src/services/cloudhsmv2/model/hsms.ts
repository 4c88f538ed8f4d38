import type { Hsm, HsmState } from '../../../protocol/generated/cloudhsmv2.js';
import type { HsmRecord } from '../../../storage/ports/cloudhsm.js';
import type { Repositories } from '../../../storage/ports.js';

export const HSM_MESSAGES: Partial<Record<HsmState, string>> = {
  CREATE_IN_PROGRESS: 'HSM is being created.',
  ACTIVE: 'HSM is ready for use.',
  DELETE_IN_PROGRESS: 'HSM is being deleted.',
};

export async function setHsmState(tx: Repositories, hsmId: string, state: HsmState, dueAt: Date | null): Promise<void> {
  await tx.cloudhsmHsms.setState(hsmId, state, HSM_MESSAGES[state] ?? null, dueAt);
}

export function toHsm(r: HsmRecord): Hsm {
  return {
    AvailabilityZone: r.availabilityZone,
    ClusterId: r.clusterId,
    SubnetId: r.subnetId,
    EniId: r.eniId,
    EniIp: r.eniIp,
    HsmId: r.hsmId,
    HsmType: r.hsmType,
    State: r.state,
    StateMessage: r.stateMessage ?? undefined,
  };
}
