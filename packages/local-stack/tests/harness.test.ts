import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { GetBucketNotificationConfigurationCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetScheduleCommand } from '@aws-sdk/client-scheduler';
import { PublishCommand } from '@aws-sdk/client-sns';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EmulatorNotInstalledError,
  findMotoServer,
  type LocalStack,
  provision,
  startLocalStack,
} from '../src/index.js';
import { alive, listening } from './helpers/processes.js';
import { eventually, receiveAtLeast } from './helpers/sqs.js';

describe('Function: startLocalStack', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startLocalStack({
      endpoint: null,
      settings: { queue: { visibilityTimeoutSeconds: 1, receiveWaitTimeSeconds: 0 } },
    });
  });
  afterAll(() => stack?.stop());

  it('starts a private emulator on a free port of 127.0.0.1 and exposes its environment', () => {
    // Assess
    expect(stack.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stack.moto?.port).not.toBe(4566);
    expect(stack.env()).toStrictEqual({
      AWS_ENDPOINT_URL: stack.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
    expect(stack.names.queue).toBe('energy-local-ingest');
  });

  it('provisions idempotently: a second run changes nothing', async () => {
    // Act
    const again = await provision(stack.clients, stack.names, stack.settings);

    // Assess
    expect(again.changes).toStrictEqual([]);
    expect(again.resources).toStrictEqual(stack.resources);
  });

  it('applies the queue settings and the redrive policy', async () => {
    // Act
    const { Attributes } = await stack.clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: stack.queueUrl, AttributeNames: ['All'] }),
    );

    // Assess
    expect(Attributes?.VisibilityTimeout).toBe('1');
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toMatchObject({
      deadLetterTargetArn: stack.resources.deadLetterQueueArn,
    });
    expect(Number(JSON.parse(Attributes?.RedrivePolicy ?? '{}').maxReceiveCount)).toBe(3);
    expect(JSON.parse(Attributes?.Policy ?? '{}').Statement[0].Condition.ArnEquals['aws:SourceArn']).toBe(
      stack.resources.bucketArn,
    );
  });

  it('creates the readings table with the sparse anomaly index and the summary table with TTL', async () => {
    // Act
    const readings = await stack.clients.dynamodb.send(
      new DescribeTableCommand({ TableName: stack.names.readingsTable }),
    );
    const ttl = await stack.clients.dynamodb.send(
      new DescribeTimeToLiveCommand({ TableName: stack.names.summaryTable }),
    );

    // Assess
    expect(readings.Table?.KeySchema).toStrictEqual([
      { AttributeName: 'site_id', KeyType: 'HASH' },
      { AttributeName: 'timestamp', KeyType: 'RANGE' },
    ]);
    expect(readings.Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(readings.Table?.GlobalSecondaryIndexes?.[0]).toMatchObject({
      IndexName: 'anomalies-by-site',
      KeySchema: [
        { AttributeName: 'anomaly_site_id', KeyType: 'HASH' },
        { AttributeName: 'timestamp', KeyType: 'RANGE' },
      ],
    });
    expect(ttl.TimeToLiveDescription).toMatchObject({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expires_at',
    });
  });

  it('records the generator schedule at rate(5 minutes)', async () => {
    const schedule = await stack.clients.scheduler.send(
      new GetScheduleCommand({ Name: stack.names.generatorSchedule }),
    );
    expect(schedule.ScheduleExpression).toBe('rate(5 minutes)');
    expect(schedule.Target?.Arn).toBe(stack.resources.functionArns.generator);
    expect(schedule.Target?.Input).toBe('{"scheduledTime":"<aws.scheduler.scheduled-time>"}');
  });

  it('notifies the queue of new objects under any key, after the s3:TestEvent', async () => {
    // Prepare
    const notification = await stack.clients.s3.send(
      new GetBucketNotificationConfigurationCommand({ Bucket: stack.names.bucket }),
    );
    expect(notification.QueueConfigurations?.[0]?.QueueArn).toBe(stack.resources.queueArn);

    // Act
    await stack.clients.s3.send(
      new PutObjectCommand({ Bucket: stack.names.bucket, Key: 'site1/20250216T213043Z.json', Body: '{}' }),
    );
    await stack.clients.s3.send(
      new PutObjectCommand({ Bucket: stack.names.bucket, Key: 'readings/my file.json', Body: '{}' }),
    );
    const messages = await receiveAtLeast(stack.clients.sqs, stack.queueUrl, 3, 10_000, {
      visibilityTimeout: 30,
    });

    // Assess
    const bodies = messages.map((message) => JSON.parse(message.Body ?? '{}'));
    expect(bodies[0]).toMatchObject({ Event: 's3:TestEvent', Bucket: stack.names.bucket });
    // Keys arrive form-encoded ('+' for a space). moto also encodes '/' as %2F, which AWS leaves
    // as is: decodeURIComponent(key.replace(/\+/g, ' ')) reads both correctly.
    const keys = bodies.slice(1).map((body) => body.Records[0].s3.object.key as string);
    expect(keys.every((key) => key.includes('%2F') || key.includes('/'))).toBe(true);
    expect(keys.map((key) => decodeURIComponent(key.replace(/\+/g, ' '))).sort()).toStrictEqual([
      'readings/my file.json',
      'site1/20250216T213043Z.json',
    ]);
    expect(bodies[1].Records[0].eventName).toMatch(/^ObjectCreated:/);
    for (const message of messages) {
      await stack.clients.sqs.send(
        new DeleteMessageCommand({ QueueUrl: stack.queueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
    }
  });

  it('moves a message to the DLQ on the receive after maxReceiveCount', async () => {
    // Prepare
    await stack.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: stack.queueUrl }));
    await stack.clients.sqs.send(new SendMessageCommand({ QueueUrl: stack.queueUrl, MessageBody: 'poison' }));

    // Act: receive it 3 times without deleting, waiting out the 1 s visibility timeout each time
    const counts: string[] = [];
    for (let receive = 1; receive <= 3; receive++) {
      const [message] = await receiveAtLeast(stack.clients.sqs, stack.queueUrl, 1, 5_000);
      counts.push(message?.Attributes?.ApproximateReceiveCount ?? 'none');
    }
    const fourth = await receiveAtLeast(stack.clients.sqs, stack.queueUrl, 1, 2_500);
    const [dead] = await receiveAtLeast(stack.clients.sqs, stack.deadLetterQueueUrl, 1, 5_000);

    // Assess
    expect(counts).toStrictEqual(['1', '2', '3']);
    expect(fourth).toStrictEqual([]);
    expect(dead?.Body).toBe('poison');
  });

  it('delivers alerts to the inbox in the SNS envelope, with message attributes', async () => {
    // Act
    await stack.clients.sns.send(
      new PublishCommand({
        TopicArn: stack.topicArn,
        Subject: 'anomaly',
        Message: JSON.stringify({ site_id: 'site1' }),
        MessageAttributes: { site_id: { DataType: 'String', StringValue: 'site1' } },
      }),
    );
    const [message] = await receiveAtLeast(stack.clients.sqs, stack.alertInboxUrl, 1, 10_000);

    // Assess
    const envelope = JSON.parse(message?.Body ?? '{}');
    expect(envelope).toMatchObject({
      Type: 'Notification',
      TopicArn: stack.topicArn,
      Subject: 'anomaly',
      MessageAttributes: { site_id: { Type: 'String', Value: 'site1' } },
    });
    expect(JSON.parse(envelope.Message)).toStrictEqual({ site_id: 'site1' });
  });
});

describe('Function: startLocalStack on an existing endpoint', () => {
  it('starts nothing and provisions under its own random prefix', async () => {
    // Prepare
    const owner = await startLocalStack({ endpoint: null, prefix: 'energy-owner' });

    // Act
    const guest = await startLocalStack({ endpoint: owner.endpoint });
    const again = await provision(guest.clients, guest.names, guest.settings);
    await guest.stop();

    // Assess
    expect(guest.moto).toBeUndefined();
    expect(guest.endpoint).toBe(owner.endpoint);
    expect(guest.prefix).toMatch(/^energy-t[0-9a-f]{8}$/);
    expect(guest.queueUrl).toContain(`${guest.prefix}-ingest`);
    expect(again.changes).toStrictEqual([]);
    expect(await listening(owner.moto?.port ?? 0)).toBe(true);
    await owner.stop();
  });
});

describe('Function: startLocalStack stop()', () => {
  it('leaves no process and no listening port behind', async () => {
    // Prepare
    const stack = await startLocalStack({ endpoint: null, prefix: 'energy-stop' });
    const port = stack.moto?.port ?? 0;
    const pid = stack.moto?.pid ?? 0;
    expect(await listening(port)).toBe(true);

    // Act
    await stack.stop();
    await stack.stop();

    // Assess
    expect(alive(pid)).toBe(false);
    expect(await eventually(async () => ((await listening(port)) ? undefined : true), 5_000)).toBe(true);
  });
});

describe('Function: findMotoServer', () => {
  it('tells to run make venv when the emulator is missing', () => {
    expect(() => findMotoServer({ MOTO_SERVER: '/nonexistent/moto_server' })).toThrow(
      EmulatorNotInstalledError,
    );
    expect(() => findMotoServer({ MOTO_SERVER: '/nonexistent/moto_server' })).toThrow(/make venv/);
  });
});
