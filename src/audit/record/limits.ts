/**
 * CloudTrail's per-field limits (CloudTrail User Guide, "CloudTrail record contents",
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 */
const TEXT_LIMIT = 1024;
const PARAMETERS_LIMIT = 100 * 1024;

/** userAgent, errorCode, errorMessage and requestID are truncated at 1 KB. */
export function truncate(text: string): string {
  return text.length > TEXT_LIMIT ? text.slice(0, TEXT_LIMIT) : text;
}

/**
 * requestParameters/responseElements over 100 KB are omitted by CloudTrail. The replacement JSON is
 * not documented by AWS; hsmtrail writes `{"omitted": true, "originalSize": n}` so
 * readers can tell an omission from an empty call.
 */
export function fitParameters(value: Record<string, unknown> | null): Record<string, unknown> | null {
  if (value === null) return null;
  const size = Buffer.byteLength(JSON.stringify(value));
  return size > PARAMETERS_LIMIT ? { omitted: true, originalSize: size } : value;
}
