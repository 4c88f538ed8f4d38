export { awsLogsRoot, type AccountLocation } from './aws-logs-path.js';
export { buildLogFile, logFileKey, putLogFile, LOG_FILE_PUT_OPTIONS, type BuiltLogFile, type LogFileKeyInput } from './log-file.js';
export { deterministicUniqueId } from './unique-id.js';
export { dateFolder, floorToSecond, isoSeconds, minuteStamp, secondStamp } from './time-format.js';
export { DeliveryPipeline, type DeliveryPipelineDeps, type FlushResult } from './pipeline.js';
export { DeliveryWorker, type DeliveryOptions, type DeliveryWorkerDeps } from './delivery-worker.js';
export { LocalBucketCheck, S3BucketCheck, policyAllowsDelivery, type DeliveryBucketCheck, type DeliveryTarget } from './bucket-check.js';
export { deliveryDestination, type DeliveryDestinationConfig } from './destination.js';
