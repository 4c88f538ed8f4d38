/**
 * S3's errors. They live with the object-store port (storage/objects/s3-errors.ts) because both
 * adapters and this service answer with the same codes; the service takes them from here.
 */
export { S3Errors } from '../../storage/objects/s3-errors.js';
