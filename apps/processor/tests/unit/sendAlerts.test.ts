// aws-sdk-client-mock here because the emulator never answers a PublishBatch with per-entry
// `Failed` results; the whole-service outage is tested on the emulator (integration tests).
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { alertMarkerKey, enrichReading } from '@energy/core';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sendAlerts } from '../../src/ingest/sendAlerts.js';
import { quietLogger } from '../helpers/factories.js';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const sns = new SNSClient({ region: 'us-east-1' });
const ddbMock = mockClient(ddb);
const snsMock = mockClient(sns);
const TARGET = {
  topicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
  summaryTable: 'test-summary',
  source: { bucket: 'b', key: 'k.json' },
};

const anomalous = (site: number) =>
  enrichReading({
    site_id: `site${site}`,
    timestamp: '2025-02-16T21:30:43.000Z',
    energy_generated_kwh: -1,
    energy_consumed_kwh: 4,
  });

afterEach(() => {
  ddbMock.reset();
  snsMock.reset();
});

describe('Function: sendAlerts', () => {
  it('publishes in batches of 10 and skips readings that are not anomalous', async () => {
    // Prepare
    ddbMock.on(PutCommand).resolves({});
    snsMock.on(PublishBatchCommand).resolves({ Successful: [], Failed: [] });
    const normal = enrichReading({
      site_id: 'ok',
      timestamp: '2025-02-16T21:30:43.000Z',
      energy_generated_kwh: 1,
      energy_consumed_kwh: 1,
    });
    const readings = [...Array.from({ length: 23 }, (_, i) => anomalous(i + 1)), normal];

    // Act
    const outcome = await sendAlerts({ ddb, sns, logger: quietLogger() }, readings, TARGET);

    // Assess
    expect(outcome).toStrictEqual({ sent: 23, suppressed: 0, failed: 0 });
    const sizes = snsMock
      .commandCalls(PublishBatchCommand)
      .map((c) => c.args[0].input.PublishBatchRequestEntries?.length);
    expect(sizes).toStrictEqual([10, 10, 3]);
    expect(ddbMock.commandCalls(PutCommand).length).toBe(23);
  });

  it('does not publish an alert whose marker already exists (sent by an earlier delivery)', async () => {
    // Prepare
    ddbMock
      .on(PutCommand)
      .resolves({})
      .on(PutCommand, { Item: { ...alertMarkerKey(anomalous(2)) } }, false)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    snsMock.on(PublishBatchCommand).resolves({});

    // Act
    const outcome = await sendAlerts(
      { ddb, sns, logger: quietLogger() },
      [anomalous(1), anomalous(2)],
      TARGET,
    );

    // Assess
    expect(outcome).toStrictEqual({ sent: 1, suppressed: 1, failed: 0 });
    const entries =
      snsMock.commandCalls(PublishBatchCommand)[0]?.args[0].input.PublishBatchRequestEntries ?? [];
    expect(entries.map((e) => e.MessageAttributes?.site_id?.StringValue)).toStrictEqual(['site1']);
  });

  it('counts entries SNS reports as failed and releases their markers, without throwing', async () => {
    // Prepare
    ddbMock.on(PutCommand).resolves({}).on(DeleteCommand).resolves({});
    snsMock.on(PublishBatchCommand).resolves({
      Successful: [{ Id: 'a0', MessageId: 'x' }],
      Failed: [{ Id: 'a1', Code: 'InternalError', SenderFault: false, Message: 'try again' }],
    });

    // Act
    const outcome = await sendAlerts(
      { ddb, sns, logger: quietLogger() },
      [anomalous(1), anomalous(2)],
      TARGET,
    );

    // Assess
    expect(outcome).toStrictEqual({ sent: 1, suppressed: 0, failed: 1 });
    expect(ddbMock.commandCalls(DeleteCommand).map((c) => c.args[0].input.Key)).toStrictEqual([
      alertMarkerKey(anomalous(2)),
    ]);
  });

  it('fails the message when the marker cannot be written (DynamoDB down: the alert must not be lost)', async () => {
    // Prepare
    ddbMock.on(PutCommand).rejects(new Error('connect ECONNREFUSED'));

    // Act & Assess
    await expect(sendAlerts({ ddb, sns, logger: quietLogger() }, [anomalous(1)], TARGET)).rejects.toThrow(
      'ECONNREFUSED',
    );
    expect(snsMock.commandCalls(PublishBatchCommand).length).toBe(0);
  });
});
