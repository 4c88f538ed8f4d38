/** CloudTrail's per-field limits (cloudtrail.md §3.2). */
const TEXT_LIMIT = 1024;
const PARAMETERS_LIMIT = 100 * 1024;

/** userAgent, errorCode, errorMessage and requestID are truncated at 1 KB. */
export function truncate(text: string): string {
  return text.length > TEXT_LIMIT ? text.slice(0, TEXT_LIMIT) : text;
}

/**
 * requestParameters/responseElements over 100 KB are omitted by CloudTrail. The replacement JSON is
 * unconfirmed (cloudtrail.md §7 item 5); hsmtrail writes `{"omitted": true, "originalSize": n}` so
 * readers can tell an omission from an empty call.
 */
export function fitParameters(value: Record<string, unknown> | null): Record<string, unknown> | null {
  if (value === null) return null;
  const size = Buffer.byteLength(JSON.stringify(value));
  return size > PARAMETERS_LIMIT ? { omitted: true, originalSize: size } : value;
}
