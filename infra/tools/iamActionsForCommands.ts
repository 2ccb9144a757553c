/** The IAM actions one SDK command needs. */
export type CommandPermissions = {
  /** Actions the call fails without. */
  actions: readonly string[];
  /** Actions a role may add for this command, with the reason (never required). */
  supporting?: Readonly<Record<string, string>>;
};

const S3_LIST_BUCKET_REASON =
  'without s3:ListBucket, S3 answers a read of a missing key with 403 AccessDenied instead of 404 NoSuchKey';

const S3_VERSION_REASON =
  'a read (or copy source) that names a VersionId is authorised as s3:GetObjectVersion, not s3:GetObject';

/**
 * SDK v3 command (`<package>#<Command>`) → IAM actions, from the AWS Service
 * Authorization Reference. The document client's commands (`@aws-sdk/lib-dynamodb`)
 * map to the low-level operations they send. Add a row when the code starts sending a
 * new command; the contract test names any command missing here.
 */
export const IAM_ACTIONS_BY_COMMAND: Readonly<Record<string, CommandPermissions>> = {
  '@aws-sdk/client-s3#GetObjectCommand': {
    actions: ['s3:GetObject'],
    supporting: { 's3:ListBucket': S3_LIST_BUCKET_REASON, 's3:GetObjectVersion': S3_VERSION_REASON },
  },
  '@aws-sdk/client-s3#HeadObjectCommand': {
    actions: ['s3:GetObject'],
    supporting: { 's3:ListBucket': S3_LIST_BUCKET_REASON },
  },
  '@aws-sdk/client-s3#PutObjectCommand': { actions: ['s3:PutObject'] },
  // A copy reads its source and writes its destination.
  '@aws-sdk/client-s3#CopyObjectCommand': {
    actions: ['s3:GetObject', 's3:PutObject'],
    supporting: { 's3:GetObjectVersion': S3_VERSION_REASON },
  },
  '@aws-sdk/client-s3#ListObjectVersionsCommand': { actions: ['s3:ListBucketVersions'] },
  '@aws-sdk/client-s3#DeleteObjectCommand': { actions: ['s3:DeleteObject'] },
  '@aws-sdk/client-s3#ListObjectsV2Command': { actions: ['s3:ListBucket'] },
  '@aws-sdk/client-dynamodb#PutItemCommand': { actions: ['dynamodb:PutItem'] },
  '@aws-sdk/client-dynamodb#GetItemCommand': { actions: ['dynamodb:GetItem'] },
  '@aws-sdk/client-dynamodb#UpdateItemCommand': { actions: ['dynamodb:UpdateItem'] },
  '@aws-sdk/client-dynamodb#DeleteItemCommand': { actions: ['dynamodb:DeleteItem'] },
  '@aws-sdk/client-dynamodb#QueryCommand': { actions: ['dynamodb:Query'] },
  '@aws-sdk/client-dynamodb#ScanCommand': { actions: ['dynamodb:Scan'] },
  '@aws-sdk/client-dynamodb#BatchWriteItemCommand': { actions: ['dynamodb:BatchWriteItem'] },
  '@aws-sdk/client-dynamodb#BatchGetItemCommand': { actions: ['dynamodb:BatchGetItem'] },
  '@aws-sdk/lib-dynamodb#PutCommand': { actions: ['dynamodb:PutItem'] },
  '@aws-sdk/lib-dynamodb#GetCommand': { actions: ['dynamodb:GetItem'] },
  '@aws-sdk/lib-dynamodb#UpdateCommand': { actions: ['dynamodb:UpdateItem'] },
  '@aws-sdk/lib-dynamodb#DeleteCommand': { actions: ['dynamodb:DeleteItem'] },
  '@aws-sdk/lib-dynamodb#QueryCommand': { actions: ['dynamodb:Query'] },
  '@aws-sdk/lib-dynamodb#ScanCommand': { actions: ['dynamodb:Scan'] },
  '@aws-sdk/lib-dynamodb#BatchWriteCommand': { actions: ['dynamodb:BatchWriteItem'] },
  '@aws-sdk/lib-dynamodb#BatchGetCommand': { actions: ['dynamodb:BatchGetItem'] },
  '@aws-sdk/client-sns#PublishCommand': { actions: ['sns:Publish'] },
  // PublishBatch is authorised by sns:Publish (there is no sns:PublishBatch action).
  '@aws-sdk/client-sns#PublishBatchCommand': { actions: ['sns:Publish'] },
  '@aws-sdk/client-sqs#SendMessageCommand': { actions: ['sqs:SendMessage'] },
  '@aws-sdk/client-sqs#SendMessageBatchCommand': { actions: ['sqs:SendMessage'] },
  '@aws-sdk/client-sqs#ReceiveMessageCommand': { actions: ['sqs:ReceiveMessage'] },
  '@aws-sdk/client-sqs#DeleteMessageCommand': { actions: ['sqs:DeleteMessage'] },
  '@aws-sdk/client-sqs#DeleteMessageBatchCommand': { actions: ['sqs:DeleteMessage'] },
  '@aws-sdk/client-sqs#GetQueueAttributesCommand': { actions: ['sqs:GetQueueAttributes'] },
  '@aws-sdk/client-sqs#GetQueueUrlCommand': { actions: ['sqs:GetQueueUrl'] },
};

/**
 * Actions the Lambda service itself uses with a function's role, whatever the code
 * does: writing the function's logs, sending its traces, polling its SQS event source.
 */
export const LAMBDA_RUNTIME_ACTIONS = {
  /** Always: the runtime writes stdout/stderr to the function's log group (created by Terraform). */
  logs: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  /** When `tracing_config.mode` is `Active`. */
  tracing: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
  /** When an SQS event source mapping invokes the function: the service polls with the function's role. */
  sqsEventSource: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
} as const;
