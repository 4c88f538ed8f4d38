/** The CloudHSM v2 service as the gateway hosts it, and its lifecycle worker. */
import { model } from '../../protocol/generated/cloudhsmv2.js';
import type { SecretBox } from '../../identity/store/secret-box.js';
import type { Store } from '../../storage/ports.js';
import type { ServiceDefinition } from '../service.js';
import { cloudHsmAudit } from './audit.js';
import { authorizeCloudHsm } from './authorize.js';
import { CloudHsmLifecycle } from './lifecycle.js';
import type { CloudHsmOptions } from './options.js';
import { CloudHsmV2Provider } from './provider.js';

export interface CloudHsmDeps {
  /** What the lifecycle worker writes through: on a server, the leader's fenced store (app/leader.ts). */
  store: Store;
  /** Seals the private keys the lifecycle stores (the data dir's master key). */
  box: SecretBox;
  options?: CloudHsmOptions;
}

export function cloudhsmv2Service(deps: CloudHsmDeps): ServiceDefinition & { provider: CloudHsmV2Provider; lifecycle: CloudHsmLifecycle } {
  const p = new CloudHsmV2Provider(deps.options);
  const operations: ServiceDefinition['operations'] = {};
  for (const name of Object.keys(model.operations)) {
    if (name === 'InitializeCluster') continue;
    operations[name] = (p as unknown as Record<string, ServiceDefinition['operations'][string]>)[name]!;
  }
  operations.InitializeCluster = { prepare: p.verifyInitialize, execute: p.commitInitialize };
  return {
    id: 'cloudhsmv2',
    protocol: 'json',
    eventSource: 'cloudhsm.amazonaws.com',
    actionPrefix: 'cloudhsm',
    model,
    operations,
    authorize: authorizeCloudHsm,
    audit: cloudHsmAudit,
    provider: p,
    lifecycle: new CloudHsmLifecycle(deps.store, deps.box, deps.options),
  };
}

export { CloudHsmLifecycle } from './lifecycle.js';
export { activateCluster } from './activation.js';
