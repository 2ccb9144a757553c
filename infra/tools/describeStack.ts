import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { GetScheduleCommand } from '@aws-sdk/client-scheduler';
import { GetTopicAttributesCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { ResourceNames } from '@energy/config';
import { lifecycleSummary, type StackClients } from '@energy/local-stack';

/** The names of the resources both stacks create, as each stack names them (the shared {@link ResourceNames} fields). */
export type StackResourceNames = Pick<
  ResourceNames,
  'bucket' | 'queue' | 'deadLetterQueue' | 'readingsTable' | 'summaryTable' | 'alertTopic'
> & {
  /** Schedules, each with its dead-letter queue `<name>-dlq`. */
  schedules: string[];
  /** Account of the ARNs. */
  accountId: string;
};

/** A JSON value with every array of strings sorted and every policy document made canonical. */
type Described = unknown;

/** IAM documents compare by meaning: one value or a list of one, keys in any order. */
function canonicalPolicy(text: string | undefined): Described {
  if (text === undefined) return undefined;
  const normalise = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const items = value.map(normalise);
      return items.length === 1
        ? items[0]
        : items
            .map((item) => JSON.stringify(item))
            .sort()
            .map((item) => JSON.parse(item));
    }
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, item]) => [key, normalise(item)]),
      );
    }
    return value;
  };
  return normalise(JSON.parse(text));
}

/** Queue attributes that are state, not configuration. */
const QUEUE_STATE = new Set([
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesDelayed',
  'ApproximateNumberOfMessagesNotVisible',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
]);

async function describeQueue(clients: StackClients, name: string): Promise<Described> {
  const url = (await clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  const attributes =
    (await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] })))
      .Attributes ?? {};
  const described: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b))) {
    if (QUEUE_STATE.has(key)) continue;
    described[key] = ['Policy', 'RedrivePolicy', 'RedriveAllowPolicy'].includes(key)
      ? canonicalPolicy(value)
      : value;
  }
  return described;
}

async function describeTable(clients: StackClients, name: string): Promise<Described> {
  const table = (await clients.dynamodb.send(new DescribeTableCommand({ TableName: name }))).Table;
  const backups = (await clients.dynamodb.send(new DescribeContinuousBackupsCommand({ TableName: name })))
    .ContinuousBackupsDescription;
  const ttl = (await clients.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: name })))
    .TimeToLiveDescription;
  const keys = (schema: { AttributeName?: string; KeyType?: string }[] | undefined) =>
    (schema ?? []).map((key) => `${key.KeyType}:${key.AttributeName}`);
  return {
    keySchema: keys(table?.KeySchema),
    attributes: (table?.AttributeDefinitions ?? [])
      .map((attribute) => `${attribute.AttributeName}:${attribute.AttributeType}`)
      .sort(),
    billingMode: table?.BillingModeSummary?.BillingMode,
    indexes: (table?.GlobalSecondaryIndexes ?? [])
      .map((index) => ({
        name: index.IndexName,
        keySchema: keys(index.KeySchema),
        projection: index.Projection?.ProjectionType,
      }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name))),
    sse: { status: table?.SSEDescription?.Status, type: table?.SSEDescription?.SSEType },
    deletionProtection: table?.DeletionProtectionEnabled ?? false,
    stream: table?.StreamSpecification?.StreamEnabled ?? false,
    pointInTimeRecovery: backups?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus,
    ttl: ttl?.TimeToLiveStatus === 'ENABLED' ? ttl.AttributeName : undefined,
  };
}

async function describeBucket(clients: StackClients, bucket: string): Promise<Described> {
  const { s3 } = clients;
  const orUndefined = async <T>(read: () => Promise<T>) => read().catch(() => undefined);
  const notification = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
  const block = (await orUndefined(() => s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))))
    ?.PublicAccessBlockConfiguration;
  return {
    ownership: (await orUndefined(() => s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }))))
      ?.OwnershipControls?.Rules?.[0]?.ObjectOwnership,
    publicAccessBlock: block && {
      blockPublicAcls: block.BlockPublicAcls,
      blockPublicPolicy: block.BlockPublicPolicy,
      ignorePublicAcls: block.IgnorePublicAcls,
      restrictPublicBuckets: block.RestrictPublicBuckets,
    },
    encryption: (await orUndefined(() => s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }))))
      ?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
    versioning: (await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status,
    lifecycle: lifecycleSummary(
      (await orUndefined(() => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))))
        ?.Rules ?? [],
    ),
    policy: canonicalPolicy(
      (await orUndefined(() => s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))))?.Policy,
    ),
    notifications: (notification.QueueConfigurations ?? []).map((config) => ({
      queueArn: config.QueueArn,
      events: [...(config.Events ?? [])].sort(),
      filter: (config.Filter?.Key?.FilterRules ?? []).map(
        (rule) => `${rule.Name?.toLowerCase()}=${rule.Value}`,
      ),
    })),
    otherNotifications:
      (notification.TopicConfigurations ?? []).length +
      (notification.LambdaFunctionConfigurations ?? []).length,
  };
}

async function describeSchedule(clients: StackClients, name: string): Promise<Described> {
  const schedule = await clients.scheduler.send(new GetScheduleCommand({ Name: name }));
  return {
    description: schedule.Description,
    expression: schedule.ScheduleExpression,
    timezone: schedule.ScheduleExpressionTimezone,
    flexibleTimeWindow: schedule.FlexibleTimeWindow?.Mode,
    state: schedule.State,
    target: schedule.Target?.Arn,
    role: schedule.Target?.RoleArn,
    input: schedule.Target?.Input,
    retry: schedule.Target?.RetryPolicy,
    deadLetterQueue: schedule.Target?.DeadLetterConfig?.Arn,
  };
}

/**
 * What an emulator holds for the stack's resources, read back through the AWS APIs and made
 * comparable: configuration only (no counters, timestamps or generated ids), policies in a
 * canonical form, lists sorted. Two stacks provisioned alike describe equal.
 *
 * @example
 * const described = await describeStack(clients, { bucket: 'energy-dev-raw', … });
 */
export async function describeStack(
  clients: StackClients,
  names: StackResourceNames,
): Promise<Record<string, Described>> {
  const topicArn = `arn:aws:sns:${await clients.sns.config.region()}:${names.accountId}:${names.alertTopic}`;
  const topic =
    (await clients.sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }))).Attributes ?? {};
  const described: Record<string, Described> = {
    bucket: await describeBucket(clients, names.bucket),
    queue: await describeQueue(clients, names.queue),
    deadLetterQueue: await describeQueue(clients, names.deadLetterQueue),
    readingsTable: await describeTable(clients, names.readingsTable),
    summaryTable: await describeTable(clients, names.summaryTable),
    alertTopic: { displayName: topic.DisplayName, policy: canonicalPolicy(topic.Policy) },
  };
  for (const schedule of names.schedules) {
    described[`schedule ${schedule}`] = await describeSchedule(clients, schedule);
    described[`schedule ${schedule} dead-letter queue`] = await describeQueue(clients, `${schedule}-dlq`);
  }
  return described;
}
