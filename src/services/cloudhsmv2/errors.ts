/**
 * CloudHSM's modelled errors. Only one real message is published (the second-HSM-before-activation
 * text); the others are hsmtrail's own wording in the same style.
 */
import { ServiceError } from '../../errors/service-error.js';

export const invalidRequest = (message: string) => new ServiceError('CloudHsmInvalidRequestException', message);
export const notFound = (message: string) => new ServiceError('CloudHsmResourceNotFoundException', message);
export const tagError = (message: string) => new ServiceError('CloudHsmTagException', message);
export const limitExceeded = (message: string) => new ServiceError('CloudHsmResourceLimitExceededException', message);

export const clusterNotFound = (id: string) => notFound(`Cluster '${id}' not found.`);
export const backupNotFound = (id: string) => notFound(`Backup '${id}' not found.`);
export const hsmNotFound = (clusterId: string) => notFound(`No matching HSM found in cluster '${clusterId}'.`);
export const resourceNotFound = (id: string) => notFound(`Resource '${id}' not found.`);
