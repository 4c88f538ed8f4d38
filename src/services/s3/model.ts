/**
 * The S3 model as the wire layer serves it. botocore's S3 model has no way to say that a ranged
 * GetObject answers 206, so GetObjectOutput gains a `statusCode`-located member (the mechanism
 * other REST models use); the codec then sets the status from the output.
 */
import { model as botocoreS3 } from '../../protocol/generated/s3.js';
import type { ServiceModel } from '../../protocol/model.js';

export const STATUS_MEMBER = 'HttpStatusCode';

function withGetObjectStatus(base: ServiceModel): ServiceModel {
  const output = base.shapes.GetObjectOutput!;
  return {
    ...base,
    shapes: {
      ...base.shapes,
      HttpStatusCode: { type: 'integer' },
      GetObjectOutput: { ...output, members: { ...output.members, [STATUS_MEMBER]: { shape: 'HttpStatusCode', location: 'statusCode' } } },
    },
  };
}

export const s3WireModel: ServiceModel = withGetObjectStatus(botocoreS3);
