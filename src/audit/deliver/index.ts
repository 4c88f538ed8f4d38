export { awsLogsRoot, type AccountLocation } from './aws-logs-path.js';
export { buildLogFile, logFileKey, putLogFile, LOG_FILE_PUT_OPTIONS, type BuiltLogFile, type LogFileKeyInput } from './log-file.js';
export { deterministicUniqueId } from './unique-id.js';
export { dateFolder, floorToSecond, isoSeconds, minuteStamp, secondStamp } from './time-format.js';
