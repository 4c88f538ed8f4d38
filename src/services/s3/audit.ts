/** How S3 calls are recorded: object-level calls are data events, with CloudTrail's S3 resource pairs. */
import type { AuditSpec, CallWire, EventResource } from '../service.js';
import { bucketArn, objectArn } from './store.js';

/** Object-level API calls, and the listings of a bucket's objects, are data events in CloudTrail. */
const DATA_EVENTS = new Set([
  'GetObject',
  'HeadObject',
  'PutObject',
  'DeleteObject',
  'DeleteObjects',
  'CopyObject',
  'CreateMultipartUpload',
  'UploadPart',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
  'ListParts',
  'ListObjects',
  'ListObjectsV2',
]);

const LIFECYCLE = new Set(['PutBucketLifecycleConfiguration', 'GetBucketLifecycleConfiguration', 'DeleteBucketLifecycle']);

const READ_ONLY = /^(Get|Head|List)/;

/** Members that are wire framing or payload, never request parameters. */
const NOT_PARAMETERS = new Set(['Body', 'ContentMD5', 'ContentLength', 'Policy', 'Delete', 'MultipartUpload']);

const lowerCamel = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * CloudTrail's S3 requestParameters: `bucketName`, the `Host` the request was sent to, `key`, then
 * the call's query/header members by their own names (S3 User Guide, "CloudTrail log file entries
 * for Amazon S3"); bodies are left out, a bucket policy is recorded as the JSON it is (`bucketPolicy`).
 */
function requestParameters(operation: string, input: Record<string, unknown>, wire: CallWire): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (input.Bucket !== undefined) out.bucketName = input.Bucket;
  if (wire.host !== undefined) out.Host = wire.host;
  if (input.Key !== undefined) out.key = input.Key;
  for (const [name, value] of Object.entries(input)) {
    if (name === 'Bucket' || name === 'Key' || NOT_PARAMETERS.has(name) || value === undefined) continue;
    if (typeof value === 'object' && !(value instanceof Date)) continue;
    out[lowerCamel(name)] = value instanceof Date ? value.toISOString() : value;
  }
  if (operation === 'PutBucketPolicy') out.bucketPolicy = parseOrText(input.Policy as string);
  // The subresource is a parameter of its own (`lifecycle: ""`); the rules document is a body.
  if (LIFECYCLE.has(operation)) out.lifecycle = '';
  if (operation.endsWith('BucketNotificationConfiguration')) out.notification = '';
  if (operation === 'DeleteObjects') out.delete = { quiet: Boolean((input.Delete as { Quiet?: boolean })?.Quiet) };
  return out;
}

function parseOrText(doc: string): unknown {
  try {
    return JSON.parse(doc);
  } catch {
    return doc;
  }
}

function resources(operation: string, input: Record<string, unknown>, _output: unknown, call: { accountId: string }): EventResource[] {
  const bucket = input.Bucket as string | undefined;
  if (bucket === undefined) return [];
  const bucketResource: EventResource = { type: 'AWS::S3::Bucket', ARN: bucketArn(bucket), accountId: call.accountId };
  if (!DATA_EVENTS.has(operation) || input.Key === undefined) return [bucketResource];
  // CloudTrail names the object without an account id (S3 object ARNs carry none) and lists it first.
  const objectResource = { type: 'AWS::S3::Object', ARN: objectArn(bucket, input.Key as string) } as EventResource;
  return [objectResource, bucketResource];
}

/**
 * S3 records' additionalEventData, members in the order the S3 User Guide's example entries list
 * them ("CloudTrail log file entries for Amazon S3"); CipherSuite only over TLS.
 */
function additionalEventData(_operation: string, wire: CallWire): Record<string, unknown> {
  return {
    ...(wire.signatureVersion ? { SignatureVersion: wire.signatureVersion } : {}),
    ...(wire.cipherSuite ? { CipherSuite: wire.cipherSuite } : {}),
    bytesTransferredIn: wire.bytesTransferredIn,
    ...(wire.authenticationMethod ? { AuthenticationMethod: wire.authenticationMethod } : {}),
    ...(wire.extendedRequestId ? { 'x-amz-id-2': wire.extendedRequestId } : {}),
    bytesTransferredOut: wire.bytesTransferredOut,
  };
}

export const s3Audit: AuditSpec = {
  readOnly: (operation) => READ_ONLY.test(operation),
  isDataEvent: (operation) => DATA_EVENTS.has(operation),
  resources,
  requestParameters,
  additionalEventData,
  // Data events answer with headers, not a body worth recording; bucket calls keep the default.
  responseElements: (operation) => (DATA_EVENTS.has(operation) ? null : undefined),
};
