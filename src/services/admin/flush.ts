import { ServiceError } from '../../errors/service-error.js';
import type { DeliveryPipeline } from '../../audit/deliver/pipeline.js';
import type { AdminActions } from './provider.js';

/** `hsmtrail trail flush`: deliver pending events and close the digest period now. */
export function flushTrailsAction(pipeline: DeliveryPipeline): AdminActions['flushTrails'] {
  return async (name) => {
    let result;
    try {
      result = await pipeline.flush(name);
    } catch (err) {
      if ((err as { code?: string }).code === 'DeposedLeader') {
        // Several nodes on one database: only the holder of the worker lease delivers (app/leader.ts).
        throw new ServiceError(
          'ServiceUnavailableException',
          'This node does not run trail delivery: the node holding the worker lease does (see "workers" in each node\'s /health). Send the flush there, or retry.',
          { status: 503 },
        );
      }
      if (name && err instanceof Error && err.message.startsWith('no trail named')) {
        throw new ServiceError('TrailNotFoundException', `Unknown trail: ${name} for the user: the trail does not exist.`, { status: 400 });
      }
      throw err;
    }
    const failures = [...result.failures, ...result.digestFailures].map((f) => `${f.trailArn}: ${f.error}`);
    return {
      TrailNames: result.trails,
      LogFilesDelivered: result.delivered.length,
      DigestFilesDelivered: result.digests.length,
      Failures: failures,
    };
  };
}
