import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type TableDescription,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  GetBucketNotificationConfigurationCommand,
  HeadBucketCommand,
  PutBucketNotificationConfigurationCommand,
  type QueueConfiguration,
} from '@aws-sdk/client-s3';
import { CreateScheduleCommand, GetScheduleCommand, UpdateScheduleCommand } from '@aws-sdk/client-scheduler';
import { CreateTopicCommand, ListSubscriptionsByTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  type QueueAttributeName,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import type { ResourceNames } from '@energy/config';
import { READINGS_TABLE, SUMMARY_TABLE } from '@energy/core';
import type { StackClients } from './clients.js';
import { ProvisioningError } from './errors.js';
import type { StackSettings } from './settings.js';

/** Identifiers of everything {@link provision} created or found. */
export type ProvisionedResources = {
  /** Account id of the ARNs (moto: 123456789012). */
  accountId: string;
  /** Region of the ARNs. */
  region: string;
  /** Raw-file bucket name. */
  bucket: string;
  /** Raw-file bucket ARN. */
  bucketArn: string;
  /** Ingest queue URL. */
  queueUrl: string;
  /** Ingest queue ARN. */
  queueArn: string;
  /** Dead-letter queue URL. */
  deadLetterQueueUrl: string;
  /** Dead-letter queue ARN. */
  deadLetterQueueArn: string;
  /** Readings table name. */
  readingsTable: string;
  /** Readings table ARN. */
  readingsTableArn: string;
  /** Summary table name. */
  summaryTable: string;
  /** Summary table ARN. */
  summaryTableArn: string;
  /** Alert topic ARN. */
  topicArn: string;
  /** URL of the local queue subscribed to the alert topic. */
  alertInboxUrl: string;
  /** ARN of the local queue subscribed to the alert topic. */
  alertInboxArn: string;
  /** ARN of the topic → inbox subscription. */
  alertSubscriptionArn: string;
  /** Generator schedule name (kept for the record: the emulator does not fire it). */
  scheduleName: string;
  /** Generator schedule ARN. */
  scheduleArn: string;
  /** ARNs the functions would have on AWS (targets and sources of the wiring above). */
  functionArns: { generator: string; processor: string; api: string };
};

/** What {@link provision} returns. */
export type ProvisionResult = {
  /** Identifiers of every resource. */
  resources: ProvisionedResources;
  /** One line per change made; empty when everything already matched (a re-run). */
  changes: string[];
};

const errorName = (error: unknown): string => (error instanceof Error ? error.name : '');

/** Reads the account id from an ARN (`arn:aws:sqs:us-east-1:123456789012:name`). */
function accountOf(arn: string): string {
  const account = arn.split(':')[4];
  if (!account) throw new ProvisioningError(arn, 'not an ARN with an account id');
  return account;
}

/** Canonical text of an attribute value, so that JSON documents compare by content. */
function canonical(value: string): string {
  try {
    return JSON.stringify(JSON.parse(value), (_key, v: unknown) =>
      typeof v === 'number' || typeof v === 'boolean' ? String(v) : v,
    );
  } catch {
    return value;
  }
}

async function ensureQueue(
  clients: StackClients,
  name: string,
  attributes: Partial<Record<QueueAttributeName, string>>,
  changes: string[],
): Promise<{ url: string; arn: string }> {
  let url: string | undefined;
  try {
    url = (await clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  } catch (error) {
    const nameOf = errorName(error);
    if (nameOf !== 'QueueDoesNotExist' && nameOf !== 'AWS.SimpleQueueService.NonExistentQueue') throw error;
  }
  if (!url) {
    url = (await clients.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes })))
      .QueueUrl;
    if (!url) throw new ProvisioningError(`queue ${name}`, 'CreateQueue returned no URL');
    changes.push(`created queue ${name}`);
  } else {
    const current =
      (await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] })))
        .Attributes ?? {};
    const differing = Object.fromEntries(
      Object.entries(attributes).filter(
        ([key, value]) => canonical(current[key as QueueAttributeName] ?? '') !== canonical(value ?? ''),
      ),
    );
    if (Object.keys(differing).length > 0) {
      await clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: differing }));
      changes.push(`updated queue ${name}: ${Object.keys(differing).join(', ')}`);
    }
  }
  const arn = (
    await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))
  ).Attributes?.QueueArn;
  if (!arn) throw new ProvisioningError(`queue ${name}`, 'no QueueArn');
  return { url, arn };
}

/** A policy letting one AWS service send to a queue, only on behalf of one source ARN. */
function sendPolicy(sid: string, service: string, queueArn: string, sourceArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: sid,
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': sourceArn } },
      },
    ],
  });
}

async function ensureBucket(clients: StackClients, bucket: string, region: string, changes: string[]) {
  try {
    await clients.s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return;
  } catch (error) {
    const nameOf = errorName(error);
    if (nameOf !== 'NotFound' && nameOf !== 'NoSuchBucket') throw error;
  }
  await clients.s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      ...(region === 'us-east-1'
        ? {}
        : { CreateBucketConfiguration: { LocationConstraint: region as 'eu-west-1' } }),
    }),
  );
  changes.push(`created bucket ${bucket}`);
}

async function ensureNotification(
  clients: StackClients,
  bucket: string,
  queueArn: string,
  settings: StackSettings,
  changes: string[],
) {
  const wanted: QueueConfiguration = {
    Id: 'ingest',
    QueueArn: queueArn,
    Events: [...settings.storage.notificationEvents] as QueueConfiguration['Events'],
    ...(settings.storage.notificationFilterPrefix
      ? {
          Filter: {
            Key: { FilterRules: [{ Name: 'prefix', Value: settings.storage.notificationFilterPrefix }] },
          },
        }
      : {}),
  };
  const current = await clients.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
  const configs = current.QueueConfigurations ?? [];
  const matches =
    configs.length === 1 &&
    (current.TopicConfigurations ?? []).length === 0 &&
    (current.LambdaFunctionConfigurations ?? []).length === 0 &&
    configs[0]?.QueueArn === wanted.QueueArn &&
    JSON.stringify([...(configs[0]?.Events ?? [])].sort()) ===
      JSON.stringify([...(wanted.Events ?? [])].sort()) &&
    JSON.stringify(
      (configs[0]?.Filter?.Key?.FilterRules ?? []).map((rule) => [rule.Name?.toLowerCase(), rule.Value]),
    ) ===
      JSON.stringify(
        (wanted.Filter?.Key?.FilterRules ?? []).map((rule) => [rule.Name?.toLowerCase(), rule.Value]),
      );
  if (matches) return;
  await clients.s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: bucket,
      NotificationConfiguration: { QueueConfigurations: [wanted] },
    }),
  );
  changes.push(`configured ObjectCreated notification ${bucket} -> ${queueArn}`);
}

async function ensureTable(clients: StackClients, input: CreateTableCommandInput, changes: string[]) {
  const name = input.TableName as string;
  let table: TableDescription | undefined;
  try {
    table = (await clients.dynamodb.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (errorName(error) !== 'ResourceNotFoundException') throw error;
  }
  if (!table) {
    await clients.dynamodb.send(new CreateTableCommand(input));
    await waitUntilTableExists(
      { client: clients.dynamodb, maxWaitTime: 60, minDelay: 1, maxDelay: 2 },
      { TableName: name },
    );
    table = (await clients.dynamodb.send(new DescribeTableCommand({ TableName: name }))).Table;
    changes.push(`created table ${name}`);
  }
  const keys = (schema: { AttributeName?: string; KeyType?: string }[] | undefined) =>
    JSON.stringify((schema ?? []).map((key) => [key.AttributeName, key.KeyType]));
  if (keys(table?.KeySchema) !== keys(input.KeySchema)) {
    throw new ProvisioningError(
      `table ${name}`,
      `exists with key schema ${keys(table?.KeySchema)}, expected ${keys(input.KeySchema)}; delete it or use another prefix`,
    );
  }
  for (const index of input.GlobalSecondaryIndexes ?? []) {
    const found = table?.GlobalSecondaryIndexes?.find((gsi) => gsi.IndexName === index.IndexName);
    if (!found || keys(found.KeySchema) !== keys(index.KeySchema)) {
      throw new ProvisioningError(
        `table ${name}`,
        `index ${index.IndexName} missing or with other keys; delete the table or use another prefix`,
      );
    }
  }
  if (!table?.TableArn) throw new ProvisioningError(`table ${name}`, 'no TableArn');
  return table.TableArn;
}

/**
 * Creates the stack's resources exactly as Terraform does, from the shared names and
 * settings, in dependency order (queue policy before the bucket notification). Idempotent:
 * each resource is read first and only created or changed when it differs, so a second
 * run reports no changes.
 *
 * - bucket `names.bucket` → ObjectCreated notification (filter `storage.notificationFilterPrefix`) → queue
 * - queue: visibility timeout, retention, long polling, redrive to the DLQ after `queue.maxReceiveCount`
 * - readings table: `site_id`/`timestamp`, sparse GSI `anomalies-by-site` on `anomaly_site_id`/`timestamp`
 * - summary table: `pk`/`sk`, TTL on `expires_at`
 * - alert topic, plus (local only) an inbox queue subscribed to it, raw delivery off so the
 *   SNS envelope with its message attributes is kept
 * - the generator schedule, `generator.scheduleExpression` (recorded only: the emulator does not fire it)
 *
 * @example
 * const { resources } = await provision(createStackClients(endpoint, region), resourceNames('energy-local'), mergeSettings());
 */
export async function provision(
  clients: StackClients,
  names: ResourceNames,
  settings: StackSettings,
): Promise<ProvisionResult> {
  const changes: string[] = [];
  const region = await clients.sqs.config.region();

  const dlq = await ensureQueue(
    clients,
    names.deadLetterQueue,
    {
      MessageRetentionPeriod: String(settings.queue.deadLetterRetentionSeconds),
      SqsManagedSseEnabled: 'true',
    },
    changes,
  );
  const accountId = accountOf(dlq.arn);
  const bucketArn = `arn:aws:s3:::${names.bucket}`;
  const queueArn = `arn:aws:sqs:${region}:${accountId}:${names.queue}`;
  const queue = await ensureQueue(
    clients,
    names.queue,
    {
      VisibilityTimeout: String(settings.queue.visibilityTimeoutSeconds),
      MessageRetentionPeriod: String(settings.queue.messageRetentionSeconds),
      ReceiveMessageWaitTimeSeconds: String(settings.queue.receiveWaitTimeSeconds),
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: dlq.arn,
        maxReceiveCount: settings.queue.maxReceiveCount,
      }),
      Policy: sendPolicy('AllowBucketNotifications', 's3.amazonaws.com', queueArn, bucketArn),
      SqsManagedSseEnabled: 'true',
    },
    changes,
  );

  await ensureBucket(clients, names.bucket, region, changes);
  await ensureNotification(clients, names.bucket, queue.arn, settings, changes);

  const billingMode = settings.tables.billingMode as 'PAY_PER_REQUEST';
  const readingsTableArn = await ensureTable(
    clients,
    {
      TableName: names.readingsTable,
      BillingMode: billingMode,
      AttributeDefinitions: [
        { AttributeName: READINGS_TABLE.partitionKey, AttributeType: 'S' },
        { AttributeName: READINGS_TABLE.sortKey, AttributeType: 'S' },
        { AttributeName: READINGS_TABLE.anomalyIndexPartitionKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: READINGS_TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: READINGS_TABLE.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: READINGS_TABLE.anomalyIndexName,
          KeySchema: [
            { AttributeName: READINGS_TABLE.anomalyIndexPartitionKey, KeyType: 'HASH' },
            { AttributeName: READINGS_TABLE.anomalyIndexSortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: settings.tables.anomalyIndexProjection as 'ALL' },
        },
      ],
    },
    changes,
  );
  const summaryTableArn = await ensureTable(
    clients,
    {
      TableName: names.summaryTable,
      BillingMode: billingMode,
      AttributeDefinitions: [
        { AttributeName: SUMMARY_TABLE.partitionKey, AttributeType: 'S' },
        { AttributeName: SUMMARY_TABLE.sortKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: SUMMARY_TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: SUMMARY_TABLE.sortKey, KeyType: 'RANGE' },
      ],
    },
    changes,
  );
  const ttl = (await clients.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: names.summaryTable })))
    .TimeToLiveDescription;
  if (ttl?.TimeToLiveStatus !== 'ENABLED' || ttl.AttributeName !== SUMMARY_TABLE.ttlAttribute) {
    await clients.dynamodb.send(
      new UpdateTimeToLiveCommand({
        TableName: names.summaryTable,
        TimeToLiveSpecification: { Enabled: true, AttributeName: SUMMARY_TABLE.ttlAttribute },
      }),
    );
    changes.push(`enabled TTL ${SUMMARY_TABLE.ttlAttribute} on ${names.summaryTable}`);
  }

  const topicArn = `arn:aws:sns:${region}:${accountId}:${names.alertTopic}`;
  let subscriptions: { Endpoint?: string; Protocol?: string; SubscriptionArn?: string }[] | undefined;
  try {
    subscriptions = await listSubscriptions(clients, topicArn);
  } catch (error) {
    if (errorName(error) !== 'NotFoundException' && errorName(error) !== 'NotFound') throw error;
  }
  if (!subscriptions) {
    const created = (await clients.sns.send(new CreateTopicCommand({ Name: names.alertTopic }))).TopicArn;
    if (created !== topicArn)
      throw new ProvisioningError(`topic ${names.alertTopic}`, `unexpected ARN ${created}`);
    changes.push(`created topic ${names.alertTopic}`);
    subscriptions = [];
  }
  const inboxArn = `arn:aws:sqs:${region}:${accountId}:${names.alertInbox}`;
  const inbox = await ensureQueue(
    clients,
    names.alertInbox,
    {
      MessageRetentionPeriod: String(settings.queue.messageRetentionSeconds),
      Policy: sendPolicy('AllowAlertTopic', 'sns.amazonaws.com', inboxArn, topicArn),
    },
    changes,
  );
  let alertSubscriptionArn = subscriptions.find(
    (subscription) => subscription.Protocol === 'sqs' && subscription.Endpoint === inbox.arn,
  )?.SubscriptionArn;
  if (!alertSubscriptionArn) {
    alertSubscriptionArn = (
      await clients.sns.send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: 'sqs',
          Endpoint: inbox.arn,
          Attributes: { RawMessageDelivery: 'false' },
          ReturnSubscriptionArn: true,
        }),
      )
    ).SubscriptionArn;
    if (!alertSubscriptionArn)
      throw new ProvisioningError(`topic ${names.alertTopic}`, 'Subscribe returned no ARN');
    changes.push(`subscribed ${names.alertInbox} to ${names.alertTopic}`);
  }

  const functionArns = {
    generator: `arn:aws:lambda:${region}:${accountId}:function:${names.generatorFunction}`,
    processor: `arn:aws:lambda:${region}:${accountId}:function:${names.processorFunction}`,
    api: `arn:aws:lambda:${region}:${accountId}:function:${names.apiFunction}`,
  };
  const scheduleArn = await ensureSchedule(
    clients,
    names.generatorSchedule,
    settings.generator.scheduleExpression,
    functionArns.generator,
    `arn:aws:iam::${accountId}:role/${names.generatorSchedule}`,
    settings.generator.scheduleInput,
    changes,
  );

  return {
    changes,
    resources: {
      accountId,
      region,
      bucket: names.bucket,
      bucketArn,
      queueUrl: queue.url,
      queueArn: queue.arn,
      deadLetterQueueUrl: dlq.url,
      deadLetterQueueArn: dlq.arn,
      readingsTable: names.readingsTable,
      readingsTableArn,
      summaryTable: names.summaryTable,
      summaryTableArn,
      topicArn,
      alertInboxUrl: inbox.url,
      alertInboxArn: inbox.arn,
      alertSubscriptionArn,
      scheduleName: names.generatorSchedule,
      scheduleArn,
      functionArns,
    },
  };
}

async function listSubscriptions(clients: StackClients, topicArn: string) {
  const all: { Endpoint?: string; Protocol?: string; SubscriptionArn?: string }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await clients.sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: nextToken }),
    );
    all.push(...(page.Subscriptions ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  return all;
}

async function ensureSchedule(
  clients: StackClients,
  name: string,
  expression: string,
  targetArn: string,
  roleArn: string,
  input: string,
  changes: string[],
): Promise<string> {
  const wanted = {
    Name: name,
    ScheduleExpression: expression,
    FlexibleTimeWindow: { Mode: 'OFF' as const },
    Target: { Arn: targetArn, RoleArn: roleArn, Input: input },
    State: 'ENABLED' as const,
  };
  try {
    const current = await clients.scheduler.send(new GetScheduleCommand({ Name: name }));
    if (
      current.ScheduleExpression === expression &&
      current.Target?.Arn === targetArn &&
      current.Target.Input === input &&
      current.State === 'ENABLED' &&
      current.Arn
    ) {
      return current.Arn;
    }
    const updated = await clients.scheduler.send(new UpdateScheduleCommand(wanted));
    changes.push(`updated schedule ${name}`);
    return updated.ScheduleArn ?? '';
  } catch (error) {
    if (errorName(error) !== 'ResourceNotFoundException') throw error;
  }
  const created = await clients.scheduler.send(new CreateScheduleCommand(wanted));
  changes.push(`created schedule ${name} (${expression})`);
  return created.ScheduleArn ?? '';
}
