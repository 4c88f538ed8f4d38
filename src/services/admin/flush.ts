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
