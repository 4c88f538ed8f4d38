/**
 * The `cloudtrail` table as AWS's Athena DDL for CloudTrail logs defines it: lower-case column
 * names, userIdentity/resources/tlsDetails as structs, readOnly as a string, and the free-form
 * members (requestParameters, responseElements, additionalEventData, serviceEventDetails) as JSON text.
 */
const SESSION_ISSUER = 'STRUCT(type VARCHAR, principalId VARCHAR, arn VARCHAR, accountId VARCHAR, userName VARCHAR)';
const SESSION_CONTEXT = `STRUCT(attributes STRUCT(mfaAuthenticated VARCHAR, creationDate VARCHAR), sessionIssuer ${SESSION_ISSUER}, ec2RoleDelivery VARCHAR, sourceIdentity VARCHAR)`;
const USER_IDENTITY = `STRUCT(type VARCHAR, principalId VARCHAR, arn VARCHAR, accountId VARCHAR, invokedBy VARCHAR, accessKeyId VARCHAR, userName VARCHAR, sessionContext ${SESSION_CONTEXT})`;

/** JSON member name → DuckDB type, in the Athena table's column order. */
const RECORD_COLUMNS: [string, string][] = [
  ['eventVersion', 'VARCHAR'],
  ['userIdentity', USER_IDENTITY],
  ['eventTime', 'VARCHAR'],
  ['eventSource', 'VARCHAR'],
  ['eventName', 'VARCHAR'],
  ['awsRegion', 'VARCHAR'],
  ['sourceIPAddress', 'VARCHAR'],
  ['userAgent', 'VARCHAR'],
  ['errorCode', 'VARCHAR'],
  ['errorMessage', 'VARCHAR'],
  ['requestParameters', 'JSON'],
  ['responseElements', 'JSON'],
  ['additionalEventData', 'JSON'],
  ['requestID', 'VARCHAR'],
  ['eventID', 'VARCHAR'],
  ['resources', 'STRUCT(ARN VARCHAR, accountId VARCHAR, type VARCHAR)[]'],
  ['eventType', 'VARCHAR'],
  ['apiVersion', 'VARCHAR'],
  ['readOnly', 'VARCHAR'],
  ['recipientAccountId', 'VARCHAR'],
  ['serviceEventDetails', 'JSON'],
  ['sharedEventID', 'VARCHAR'],
  ['vpcEndpointId', 'VARCHAR'],
  ['eventCategory', 'VARCHAR'],
  ['managementEvent', 'VARCHAR'],
  ['tlsDetails', 'STRUCT(tlsVersion VARCHAR, cipherSuite VARCHAR, clientProvidedHostHeader VARCHAR)'],
  ['sessionCredentialFromConsole', 'VARCHAR'],
];

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** read_json's `columns` argument for one record per JSON value. */
export function recordColumnsArg(): string {
  return `{${RECORD_COLUMNS.map(([name, type]) => `${name}: ${quote(type)}`).join(', ')}}`;
}

/** The record struct type, for log files whose records sit in a `Records` array. */
export function recordStructType(): string {
  return `STRUCT(${RECORD_COLUMNS.map(([name, type]) => `"${name}" ${type}`).join(', ')})`;
}

/** `SELECT eventVersion AS eventversion, ...` over a relation whose columns are the record's members. */
export function athenaProjection(from: string): string {
  return `SELECT ${RECORD_COLUMNS.map(([name]) => `"${name}" AS ${name.toLowerCase()}`).join(', ')} FROM ${from}`;
}

export function sqlString(s: string): string {
  return quote(s);
}
