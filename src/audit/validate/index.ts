export { validateLogs, parseTrailArn, type ValidateLogsInput } from './validate-logs.js';
export type { PublicKeyInfo, PublicKeySource } from './traverser.js';
export * from './report.js';
export { startupText, summaryText } from './format.js';
