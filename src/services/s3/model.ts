/**
 * The S3 model as the wire layer serves it. botocore's S3 model has no way to say that a ranged
 * GetObject (or a HeadObject of one part) answers 206, so their outputs gain a `statusCode`-located
 * member (the mechanism other REST models use); the codec then sets the status from the output.
 */
import { model as botocoreS3 } from '../../protocol/generated/s3.js';
import type { ServiceModel } from '../../protocol/model.js';

export const STATUS_MEMBER = 'HttpStatusCode';

function withPartialStatus(base: ServiceModel): ServiceModel {
  const withStatus = (name: string) => {
    const output = base.shapes[name]!;
    return { ...output, members: { ...output.members, [STATUS_MEMBER]: { shape: 'HttpStatusCode', location: 'statusCode' as const } } };
  };
  return {
    ...base,
    shapes: {
      ...base.shapes,
      HttpStatusCode: { type: 'integer' },
      GetObjectOutput: withStatus('GetObjectOutput'),
      HeadObjectOutput: withStatus('HeadObjectOutput'),
    },
  };
}

export const s3WireModel: ServiceModel = withPartialStatus(botocoreS3);
