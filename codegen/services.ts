/** Which services hsmtrail speaks, which of their operations, and the few model patches the wire needs. */
export interface ServiceSpec {
  /** File name under src/protocol/generated/ and the botocore data directory name. */
  name: string;
  apiVersion: string;
  /** Restrict to these operations (and the closure of their shapes); all when absent. */
  operations?: string[];
  /** Shape-level additions merged over the source model. */
  patches?: Record<string, Record<string, unknown>>;
}

/**
 * S3 answers with root elements the model does not name (LocalStack patches its spec the same way). Without
 * these, a serializer would invent element names that real clients ignore but humans and XPath would not.
 */
const s3RootElements: Record<string, string> = {
  ListBucketsOutput: 'ListAllMyBucketsResult',
  ListObjectsOutput: 'ListBucketResult',
  ListObjectsV2Output: 'ListBucketResult',
  ListObjectVersionsOutput: 'ListVersionsResult',
  GetBucketLocationOutput: 'LocationConstraint',
  DeleteObjectsOutput: 'DeleteResult',
  CreateMultipartUploadOutput: 'InitiateMultipartUploadResult',
  CompleteMultipartUploadOutput: 'CompleteMultipartUploadResult',
  ListMultipartUploadsOutput: 'ListMultipartUploadsResult',
  ListPartsOutput: 'ListPartsResult',
  GetObjectTaggingOutput: 'Tagging',
  GetBucketTaggingOutput: 'Tagging',
  GetBucketAclOutput: 'AccessControlPolicy',
  GetObjectAclOutput: 'AccessControlPolicy',
  GetBucketVersioningOutput: 'VersioningConfiguration',
  GetBucketPolicyStatusOutput: 'PolicyStatus',
  GetBucketCorsOutput: 'CORSConfiguration',
  GetBucketLifecycleConfigurationOutput: 'LifecycleConfiguration',
  GetBucketNotificationConfigurationOutput: 'NotificationConfiguration',
  GetBucketLoggingOutput: 'BucketLoggingStatus',
  GetBucketWebsiteOutput: 'WebsiteConfiguration',
  GetBucketAccelerateConfigurationOutput: 'AccelerateConfiguration',
  GetBucketRequestPaymentOutput: 'RequestPaymentConfiguration',
  GetObjectAttributesOutput: 'GetObjectAttributesOutput',
  ListBucketAnalyticsConfigurationsOutput: 'ListBucketAnalyticsConfigurationResult',
  ListBucketInventoryConfigurationsOutput: 'ListInventoryConfigurationsResult',
  ListBucketMetricsConfigurationsOutput: 'ListMetricsConfigurationsResult',
  ListBucketIntelligentTieringConfigurationsOutput: 'ListBucketIntelligentTieringConfigurationsOutput',
  ListDirectoryBucketsOutput: 'ListAllMyDirectoryBucketsResult',
};

/**
 * SQS's awsQueryError codes (the legacy query codes its JSON 1.0 errors still carry in `x-amzn-query-error`),
 * [code, status] per error shape. botocore's current model dropped them; they are the Smithy model's, as
 * @aws-sdk/client-sqs ships them.
 */
const sqsQueryErrors: Record<string, [string, number]> = {
  BatchEntryIdsNotDistinct: ['AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 400],
  BatchRequestTooLong: ['AWS.SimpleQueueService.BatchRequestTooLong', 400],
  EmptyBatchRequest: ['AWS.SimpleQueueService.EmptyBatchRequest', 400],
  InvalidAddress: ['InvalidAddress', 404],
  InvalidBatchEntryId: ['AWS.SimpleQueueService.InvalidBatchEntryId', 400],
  InvalidSecurity: ['InvalidSecurity', 403],
  KmsAccessDenied: ['KMS.AccessDeniedException', 400],
  KmsDisabled: ['KMS.DisabledException', 400],
  KmsInvalidKeyUsage: ['KMS.InvalidKeyUsageException', 400],
  KmsInvalidState: ['KMS.InvalidStateException', 400],
  KmsNotFound: ['KMS.NotFoundException', 400],
  KmsOptInRequired: ['KMS.OptInRequired', 403],
  KmsThrottled: ['KMS.ThrottlingException', 400],
  MessageNotInflight: ['AWS.SimpleQueueService.MessageNotInflight', 400],
  OverLimit: ['OverLimit', 403],
  PurgeQueueInProgress: ['AWS.SimpleQueueService.PurgeQueueInProgress', 403],
  QueueDeletedRecently: ['AWS.SimpleQueueService.QueueDeletedRecently', 400],
  QueueDoesNotExist: ['AWS.SimpleQueueService.NonExistentQueue', 400],
  QueueNameExists: ['QueueAlreadyExists', 400],
  ReceiptHandleIsInvalid: ['ReceiptHandleIsInvalid', 404],
  RequestThrottled: ['RequestThrottled', 403],
  ResourceNotFoundException: ['ResourceNotFoundException', 404],
  TooManyEntriesInBatchRequest: ['AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 400],
  UnsupportedOperation: ['AWS.SimpleQueueService.UnsupportedOperation', 400],
};

export const services: ServiceSpec[] = [
  { name: 'cloudhsmv2', apiVersion: '2017-04-28' },
  {
    name: 'cloudtrail',
    apiVersion: '2013-11-01',
    // LookupEvents answers an out-of-range MaxResults with its own InvalidMaxResultsException, not the
    // generic ValidationException, so the range is left to the service (src/query/lookup-events.ts).
    patches: { MaxResults: { min: null, max: null } },
  },
  { name: 'sts', apiVersion: '2011-06-15' },
  { name: 'iam', apiVersion: '2010-05-08' },
  {
    name: 'sns',
    apiVersion: '2010-03-31',
    operations: [
      'CreateTopic',
      'DeleteTopic',
      'ListTopics',
      'GetTopicAttributes',
      'SetTopicAttributes',
      'TagResource',
      'UntagResource',
      'ListTagsForResource',
      'Subscribe',
      'Unsubscribe',
      'ListSubscriptions',
      'ListSubscriptionsByTopic',
      'GetSubscriptionAttributes',
      'SetSubscriptionAttributes',
      'Publish',
      'ConfirmSubscription',
    ],
  },
  {
    name: 's3',
    apiVersion: '2006-03-01',
    patches: Object.fromEntries(Object.entries(s3RootElements).map(([shape, root]) => [shape, { locationName: root }])),
  },
  {
    name: 'ec2',
    apiVersion: '2016-11-15',
    operations: [
      'DescribeVpcs',
      'DescribeSubnets',
      'DescribeSecurityGroups',
      'DescribeNetworkInterfaces',
      'DescribeAvailabilityZones',
      'DescribeRegions',
    ],
  },
  {
    name: 'sqs',
    apiVersion: '2012-11-05',
    patches: {
      ...Object.fromEntries(
        Object.entries(sqsQueryErrors).map(([shape, [code, httpStatusCode]]) => [
          shape,
          { error: { code, httpStatusCode, senderFault: true } },
        ]),
      ),
      // ReceiveMessage's deprecated AttributeNames takes message system attribute names (ApproximateReceiveCount,
      // SentTimestamp...), which SQS accepts though the model types it as the queue attribute enum.
      // An unknown queue attribute name is SQS's InvalidAttributeName, which the service answers (not a ValidationException).
      GetQueueAttributesRequest: { members: { QueueUrl: { shape: 'String' }, AttributeNames: { shape: 'MessageAttributeNameList' } } },
      ReceiveMessageRequest: {
        members: {
          QueueUrl: { shape: 'String' },
          AttributeNames: { shape: 'MessageAttributeNameList' },
          MessageSystemAttributeNames: { shape: 'MessageSystemAttributeList' },
          MessageAttributeNames: { shape: 'MessageAttributeNameList' },
          MaxNumberOfMessages: { shape: 'NullableInteger' },
          VisibilityTimeout: { shape: 'NullableInteger' },
          WaitTimeSeconds: { shape: 'NullableInteger' },
          ReceiveRequestAttemptId: { shape: 'String' },
        },
      },
    },
  },
  {
    name: 'events',
    apiVersion: '2015-10-07',
    operations: [
      'DescribeEventBus',
      'ListEventBuses',
      'PutRule',
      'DescribeRule',
      'ListRules',
      'EnableRule',
      'DisableRule',
      'DeleteRule',
      'PutTargets',
      'RemoveTargets',
      'ListTargetsByRule',
      'ListRuleNamesByTarget',
      'PutEvents',
      'TestEventPattern',
      'TagResource',
      'UntagResource',
      'ListTagsForResource',
    ],
  },
];
