import type { Db } from '../storage/sqlite/database.js';
import type { UnitOfWork } from '../storage/sqlite/unit-of-work.js';
import type { Config } from '../config/config.js';
import type { Logger } from 'pino';
import type { ServiceDefinition, ServiceId } from '../services/service.js';
import { stsService } from '../services/sts/provider.js';
import { model as s3Model } from '../protocol/generated/s3.js';
import { cloudhsmv2Service } from '../services/cloudhsmv2/service.js';
import { ec2Service } from '../services/ec2/provider.js';
import { adminService } from '../services/admin/provider.js';
import { cloudHsmAdminActions } from '../services/admin/actions.js';

/** What service factories may depend on. Each service takes only what it uses. */
export interface ServiceDeps {
  config: Config;
  db: Db;
  uow: UnitOfWork;
  logger: Logger;
  accountId: string;
}

/** Background work a service owns (lifecycle transitions, delivery); started and stopped with the server. */
export interface Worker {
  start(): void;
  stop(): Promise<void> | void;
}

export interface ServiceRegistry {
  services: Map<ServiceId, ServiceDefinition>;
  workers: Worker[];
}

/** The hosted services, one line each. */
export function buildServices(deps: ServiceDeps): ServiceRegistry {
  const services = new Map<ServiceId, ServiceDefinition>();
  const workers: Worker[] = [];
  const add = (s: ServiceDefinition) => services.set(s.id, s);

  add(stsService());
  // S3 answers every unidentified request (its paths are arbitrary), so it is always registered.
  add({ id: 's3', protocol: 'rest-xml', eventSource: 's3.amazonaws.com', actionPrefix: 's3', model: s3Model, operations: {} });

  const cloudhsm = cloudhsmv2Service({
    db: deps.db,
    uow: deps.uow,
    options: { timings: deps.config.timings, autoActivateAfterMs: deps.config.autoActivate ? 500 : undefined },
  });
  add(cloudhsm);
  workers.push(cloudhsm.lifecycle);
  add(ec2Service({ db: deps.db }));

  const flushTrails = async () => ({ TrailNames: [], LogFilesDelivered: 0, DigestFilesDelivered: 0 });
  add(adminService(cloudHsmAdminActions({ flushTrails })));
  return { services, workers };
}
