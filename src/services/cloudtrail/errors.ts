import { ServiceError } from '../../errors/service-error.js';

/** CloudTrail's modelled errors with the messages AWS sends (the model gives no per-error status: HTTP 400 for all). */
const err = (code: string, message: string) => new ServiceError(code, message, { status: 400 });

export const TrailErrors = {
  notFound: (nameOrArn: string, accountId: string) =>
    err('TrailNotFoundException', `Unknown trail: ${nameOrArn} for the user: ${accountId}`),
  alreadyExists: (name: string, accountId: string) =>
    err('TrailAlreadyExistsException', `Trail ${name} already exists for customer: ${accountId}`),
  invalidName: (message: string) => err('InvalidTrailNameException', message),
  bucketDoesNotExist: (bucket: string) => err('S3BucketDoesNotExistException', `S3 bucket does not exist: ${bucket}`),
  insufficientBucketPolicy: (bucket: string) =>
    err('InsufficientS3BucketPolicyException', `Incorrect S3 bucket policy is detected for bucket: ${bucket}`),
  invalidBucketName: (bucket: string) => err('InvalidS3BucketNameException', `Bucket name is not valid: ${bucket}`),
  invalidPrefix: (message: string) => err('InvalidS3PrefixException', message),
  maxTrails: (accountId: string, region: string) =>
    err('MaximumNumberOfTrailsExceededException', `User: ${accountId} already has 5 trails in ${region}.`),
  homeRegion: (arn: string, region: string) =>
    err('InvalidHomeRegionException', `This operation must be called from the trail's home region. Trail ${arn} is not in ${region}.`),
  parameterCombination: (message: string) => err('InvalidParameterCombinationException', message),
  invalidParameter: (message: string) => err('InvalidParameterException', message),
  invalidEventSelectors: (message: string) => err('InvalidEventSelectorsException', message),
  arnInvalid: (arn: string) => err('CloudTrailARNInvalidException', `Invalid ARN: ${arn}. Specify a valid CloudTrail ARN.`),
  invalidTimeRange: () => err('InvalidTimeRangeException', 'Start time must be earlier than or equal to end time.'),
  tagsLimit: () => err('TagsLimitExceededException', 'The number of tags exceeds the limit of 50.'),
  invalidTag: (message: string) => err('InvalidTagParameterException', message),
  resourceNotFound: (arn: string) => err('ResourceNotFoundException', `Resource not found: ${arn}`),
  kmsNotSupported: () => err('KmsKeyNotFoundException', 'KMS key encryption of log files is not supported by this server.'),
  insufficientSnsTopicPolicy: () =>
    err('InsufficientSnsTopicPolicyException', 'SNS Topic does not exist or the topic policy is incorrect!'),
  cloudWatchLogsUnavailable: () =>
    err('CloudWatchLogsDeliveryUnavailableException', 'CloudWatch Logs delivery is not available on this server.'),
  organizationsNotInUse: () =>
    err('OrganizationsNotInUseException', 'This account is not a member of an organization. Organization trails are not available.'),
};
