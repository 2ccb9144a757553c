import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type TableDescription,
  UpdateContinuousBackupsCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  type LifecycleRule,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
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
  functionArns: { generator: string; processor: string; api: string; summarizer: string; alerter: string };
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

/**
 * A policy letting one AWS service send to a queue, only on behalf of one source ARN and, when
 * given, one source account (confused-deputy protection, as infra/modules/queue does).
 */
function sendPolicy(
  sid: string,
  service: string,
  queueArn: string,
  sourceArn: string,
  sourceAccount?: string,
): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: sid,
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: {
          ArnEquals: { 'aws:SourceArn': sourceArn },
          ...(sourceAccount === undefined ? {} : { StringEquals: { 'aws:SourceAccount': sourceAccount } }),
        },
      },
    ],
  });
}

/** The bucket policy of infra/modules/storage: refuse every request not made over TLS. */
function tlsOnlyPolicy(bucketArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
}

/** The lifecycle rules of infra/modules/storage. */
function lifecycleRules(settings: StackSettings): LifecycleRule[] {
  return [
    {
      ID: 'raw-files',
      Status: 'Enabled',
      Filter: { Prefix: settings.storage.rawPrefix },
      Expiration: { Days: settings.storage.rawExpirationDays },
    },
    {
      ID: 'quarantine',
      Status: 'Enabled',
      Filter: { Prefix: settings.storage.quarantinePrefix },
      Expiration: { Days: settings.storage.quarantineExpirationDays },
    },
    {
      ID: 'whole-bucket-housekeeping',
      Status: 'Enabled',
      Filter: {},
      AbortIncompleteMultipartUpload: {
        DaysAfterInitiation: settings.storage.abortIncompleteMultipartUploadDays,
      },
      NoncurrentVersionExpiration: { NoncurrentDays: settings.storage.noncurrentVersionExpirationDays },
    },
  ];
}

/** What a lifecycle rule does, in a form that compares equal however S3 echoes the rule back. */
export function lifecycleSummary(rules: readonly LifecycleRule[]): unknown[] {
  return rules
    .map((rule) => [
      rule.ID,
      rule.Status,
      rule.Filter?.Prefix ?? rule.Prefix ?? '',
      rule.Expiration?.Days ?? null,
      rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation ?? null,
      rule.NoncurrentVersionExpiration?.NoncurrentDays ?? null,
    ])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
}

/** Reads a bucket setting, undefined when the bucket has none (S3 answers with an error). */
async function readSetting<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (/NoSuch|NotFound|Missing/.test(errorName(error))) return undefined;
    throw error;
  }
}

/**
 * The bucket settings of infra/modules/storage: ACLs disabled, public access blocked,
 * SSE-S3, versioning, lifecycle and the TLS-only policy. Each is read first and written
 * only when it differs, so a re-run reports no change.
 */
async function ensureBucketSettings(
  clients: StackClients,
  bucket: string,
  bucketArn: string,
  settings: StackSettings,
  changes: string[],
) {
  const { s3 } = clients;
  const ownership = await readSetting(() =>
    s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket })),
  );
  if (ownership?.OwnershipControls?.Rules?.[0]?.ObjectOwnership !== 'BucketOwnerEnforced') {
    await s3.send(
      new PutBucketOwnershipControlsCommand({
        Bucket: bucket,
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      }),
    );
    changes.push(`disabled ACLs on ${bucket}`);
  }
  const block = (await readSetting(() => s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))))
    ?.PublicAccessBlockConfiguration;
  if (
    !(
      block?.BlockPublicAcls &&
      block.BlockPublicPolicy &&
      block.IgnorePublicAcls &&
      block.RestrictPublicBuckets
    )
  ) {
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      }),
    );
    changes.push(`blocked public access to ${bucket}`);
  }
  const encryption = await readSetting(() => s3.send(new GetBucketEncryptionCommand({ Bucket: bucket })));
  if (
    encryption?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault
      ?.SSEAlgorithm !== 'AES256'
  ) {
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      }),
    );
    changes.push(`enabled SSE-S3 on ${bucket}`);
  }
  const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
  if (versioning.Status !== 'Enabled') {
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    changes.push(`enabled versioning on ${bucket}`);
  }
  const rules = lifecycleRules(settings);
  const lifecycle = await readSetting(() =>
    s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })),
  );
  if (JSON.stringify(lifecycleSummary(lifecycle?.Rules ?? [])) !== JSON.stringify(lifecycleSummary(rules))) {
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: { Rules: rules },
      }),
    );
    changes.push(`set the lifecycle rules of ${bucket}`);
  }
  const policy = tlsOnlyPolicy(bucketArn);
  const current = await readSetting(() => s3.send(new GetBucketPolicyCommand({ Bucket: bucket })));
  if (canonical(current?.Policy ?? '') !== canonical(policy)) {
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));
    changes.push(`set the TLS-only policy of ${bucket}`);
  }
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
 * - bucket `names.bucket`: ACLs disabled, public access blocked, SSE-S3, versioning, lifecycle
 *   rules, TLS-only policy → ObjectCreated notification (filter `storage.notificationFilterPrefix`) → queue
 * - queue: visibility timeout, retention, long polling, maximum message size, redrive to the DLQ
 *   after `queue.maxReceiveCount`; policy: S3 may send for this bucket and account only; the
 *   DLQ's redrive-allow policy admits only the queue
 * - readings table: `site_id`/`timestamp`, sparse GSI `anomalies-by-site` on `anomaly_site_id`/`timestamp`
 * - summary table: `pk`/`sk`, TTL on `expires_at`; both tables on-demand, SSE (KMS) and PITR
 * - alert topic, plus (local only) an inbox queue subscribed to it, raw delivery off so the
 *   SNS envelope with its message attributes is kept
 * - the generator, summarizer and alerter schedules (`generator.scheduleExpression`,
 *   `summarizer.scheduleExpression`, `alerter.scheduleExpression`), each with retries and its
 *   own DLQ (recorded only: the emulator does not fire them)
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
      MaximumMessageSize: String(settings.queue.maximumMessageSizeBytes),
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
      MaximumMessageSize: String(settings.queue.maximumMessageSizeBytes),
      Policy: sendPolicy(
        'AllowObjectCreatedNotificationsFromTheBucket',
        's3.amazonaws.com',
        queueArn,
        bucketArn,
        accountId,
      ),
      SqsManagedSseEnabled: 'true',
    },
    changes,
  );
  // Only the ingest queue may use the DLQ (which also allows redriving back into it).
  await ensureQueue(
    clients,
    names.deadLetterQueue,
    {
      MessageRetentionPeriod: String(settings.queue.deadLetterRetentionSeconds),
      MaximumMessageSize: String(settings.queue.maximumMessageSizeBytes),
      SqsManagedSseEnabled: 'true',
      RedriveAllowPolicy: JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [queue.arn] }),
    },
    changes,
  );

  await ensureBucket(clients, names.bucket, region, changes);
  await ensureBucketSettings(clients, names.bucket, bucketArn, settings, changes);
  await ensureNotification(clients, names.bucket, queue.arn, settings, changes);

  const billingMode = settings.tables.billingMode as 'PAY_PER_REQUEST';
  // SSE with the AWS-managed KMS key, as infra/modules/table (kms_key_arn null).
  const sse = { Enabled: true, SSEType: settings.tables.sseType as 'KMS' };
  const readingsTableArn = await ensureTable(
    clients,
    {
      TableName: names.readingsTable,
      BillingMode: billingMode,
      SSESpecification: sse,
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
      SSESpecification: sse,
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
  for (const table of [names.readingsTable, names.summaryTable]) {
    await ensurePointInTimeRecovery(clients, table, settings.tables.pointInTimeRecovery, changes);
  }
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
    const created = (
      await clients.sns.send(
        new CreateTopicCommand({
          Name: names.alertTopic,
          Attributes: { DisplayName: settings.alerts.displayName },
        }),
      )
    ).TopicArn;
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
    summarizer: `arn:aws:lambda:${region}:${accountId}:function:${names.summarizerFunction}`,
    alerter: `arn:aws:lambda:${region}:${accountId}:function:${names.alerterFunction}`,
  };
  const scheduleDlq = await ensureQueue(
    clients,
    `${names.generatorSchedule}-dlq`,
    {
      MessageRetentionPeriod: String(settings.queue.deadLetterRetentionSeconds),
      MaximumMessageSize: String(settings.queue.maximumMessageSizeBytes),
      SqsManagedSseEnabled: 'true',
    },
    changes,
  );
  const scheduleArn = await ensureSchedule(
    clients,
    {
      name: names.generatorSchedule,
      expression: settings.generator.scheduleExpression,
      targetArn: functionArns.generator,
      roleArn: `arn:aws:iam::${accountId}:role/${names.generatorSchedule}`,
      input: settings.generator.scheduleInput,
      deadLetterArn: scheduleDlq.arn,
      settings,
    },
    changes,
  );

  // The summarizer's and the alerter's schedules: no input (neither reads its event).
  for (const [schedule, expression, targetArn] of [
    [names.summarizerSchedule, settings.summarizer.scheduleExpression, functionArns.summarizer],
    [names.alerterSchedule, settings.alerter.scheduleExpression, functionArns.alerter],
  ] as const) {
    const deadLetters = await ensureQueue(
      clients,
      `${schedule}-dlq`,
      {
        MessageRetentionPeriod: String(settings.queue.deadLetterRetentionSeconds),
        MaximumMessageSize: String(settings.queue.maximumMessageSizeBytes),
        SqsManagedSseEnabled: 'true',
      },
      changes,
    );
    await ensureSchedule(
      clients,
      {
        name: schedule,
        expression,
        targetArn,
        roleArn: `arn:aws:iam::${accountId}:role/${schedule}`,
        input: undefined,
        deadLetterArn: deadLetters.arn,
        settings,
      },
      changes,
    );
  }

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

/** What {@link ensureSchedule} creates. */
type ScheduleSpec = {
  /** Schedule name. */
  name: string;
  /** rate(...) or cron(...). */
  expression: string;
  /** Function invoked. */
  targetArn: string;
  /** Execution role (recorded: the emulator does not assume it). */
  roleArn: string;
  /** Input template, or undefined for Scheduler's default event. */
  input: string | undefined;
  /** DLQ of invocations that fail after every retry. */
  deadLetterArn: string;
  /** Retry settings. */
  settings: StackSettings;
};

async function ensureSchedule(clients: StackClients, spec: ScheduleSpec, changes: string[]): Promise<string> {
  const retry = {
    MaximumRetryAttempts: spec.settings.schedules.maximumRetryAttempts,
    MaximumEventAgeInSeconds: spec.settings.schedules.maximumEventAgeSeconds,
  };
  const wanted = {
    Name: spec.name,
    Description: `Invokes ${spec.targetArn} on ${spec.expression}.`,
    ScheduleExpression: spec.expression,
    ScheduleExpressionTimezone: spec.settings.schedules.timezone,
    FlexibleTimeWindow: { Mode: 'OFF' as const },
    Target: {
      Arn: spec.targetArn,
      RoleArn: spec.roleArn,
      ...(spec.input === undefined ? {} : { Input: spec.input }),
      RetryPolicy: retry,
      DeadLetterConfig: { Arn: spec.deadLetterArn },
    },
    State: 'ENABLED' as const,
  };
  try {
    const current = await clients.scheduler.send(new GetScheduleCommand({ Name: spec.name }));
    if (
      current.ScheduleExpression === spec.expression &&
      current.Target?.Arn === spec.targetArn &&
      current.Target.Input === spec.input &&
      current.Target.RetryPolicy?.MaximumRetryAttempts === retry.MaximumRetryAttempts &&
      current.Target.RetryPolicy?.MaximumEventAgeInSeconds === retry.MaximumEventAgeInSeconds &&
      current.Target.DeadLetterConfig?.Arn === spec.deadLetterArn &&
      current.State === 'ENABLED' &&
      current.Arn
    ) {
      return current.Arn;
    }
    const updated = await clients.scheduler.send(new UpdateScheduleCommand(wanted));
    changes.push(`updated schedule ${spec.name}`);
    return updated.ScheduleArn ?? '';
  } catch (error) {
    if (errorName(error) !== 'ResourceNotFoundException') throw error;
  }
  const created = await clients.scheduler.send(new CreateScheduleCommand(wanted));
  changes.push(`created schedule ${spec.name} (${spec.expression})`);
  return created.ScheduleArn ?? '';
}

async function ensurePointInTimeRecovery(
  clients: StackClients,
  table: string,
  enabled: boolean,
  changes: string[],
) {
  const current = (await clients.dynamodb.send(new DescribeContinuousBackupsCommand({ TableName: table })))
    .ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus;
  if ((current === 'ENABLED') === enabled) return;
  await clients.dynamodb.send(
    new UpdateContinuousBackupsCommand({
      TableName: table,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: enabled },
    }),
  );
  changes.push(`${enabled ? 'enabled' : 'disabled'} point-in-time recovery on ${table}`);
}
