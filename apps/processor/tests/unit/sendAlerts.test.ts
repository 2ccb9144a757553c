// aws-sdk-client-mock here because the emulator never answers a PublishBatch with per-entry
// `Failed` results; the claim/confirm protocol itself runs against the emulator, under a fault
// proxy, in tests/integration/alertsExactlyOnce.test.ts.
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { alertMarkerKey, enrichReading } from '@energy/core';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { alertId } from '../../src/ingest/alertMessage.js';
import { AlertsNotPublishedError, sendAlerts } from '../../src/ingest/sendAlerts.js';
import { quietLogger, recordingMetrics } from '../helpers/factories.js';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const sns = new SNSClient({ region: 'us-east-1' });
const ddbMock = mockClient(ddb);
const snsMock = mockClient(sns);
const TARGET = {
  topicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
  summaryTable: 'test-summary',
  source: { bucket: 'b', key: 'k.json' },
};
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

const anomalous = (site: number) =>
  enrichReading({
    site_id: `site${site}`,
    timestamp: '2025-02-16T21:30:43.000Z',
    energy_generated_kwh: -1,
    energy_consumed_kwh: 4,
  });

function deps() {
  return { ddb, sns, logger: quietLogger(), metrics: recordingMetrics(), claimId: () => 'claim-1' };
}

afterEach(() => {
  ddbMock.reset();
  snsMock.reset();
});

describe('Function: sendAlerts', () => {
  it('claims, publishes in batches of 10 and confirms each alert; readings that are not anomalous are skipped', async () => {
    // Prepare
    ddbMock.on(PutCommand).resolves({}).on(UpdateCommand).resolves({});
    snsMock.on(PublishBatchCommand).resolves({ Successful: [], Failed: [] });
    const normal = enrichReading({
      site_id: 'ok',
      timestamp: '2025-02-16T21:30:43.000Z',
      energy_generated_kwh: 1,
      energy_consumed_kwh: 1,
    });
    const readings = [...Array.from({ length: 23 }, (_, i) => anomalous(i + 1)), normal];

    // Act
    const outcome = await sendAlerts(deps(), readings, TARGET);

    // Assess
    expect(outcome).toStrictEqual({ sent: 23, suppressed: 0, failed: 0 });
    const sizes = snsMock
      .commandCalls(PublishBatchCommand)
      .map((c) => c.args[0].input.PublishBatchRequestEntries?.length);
    expect(sizes).toStrictEqual([10, 10, 3]);
    const claims = ddbMock.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(claims.length).toBe(23);
    expect(claims[0]?.Item).toMatchObject({
      alert_state: 'pending',
      claim_id: 'claim-1',
      alert_id: alertId(anomalous(1)),
    });
    const confirms = ddbMock.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(confirms.length).toBe(23);
    expect(confirms[0]).toMatchObject({
      ConditionExpression: '#claim = :claim',
      ExpressionAttributeValues: { ':claim': 'claim-1', ':sent': 'sent' },
    });
  });

  it('suppresses an alert whose marker says sent, and publishes the rest', async () => {
    // Prepare
    ddbMock
      .on(PutCommand)
      .resolves({})
      .on(PutCommand, { Item: { ...alertMarkerKey(anomalous(2)) } }, false)
      .rejects(conditionFailed())
      .on(GetCommand)
      .resolves({ Item: { alert_state: 'sent' } })
      .on(UpdateCommand)
      .resolves({});
    snsMock.on(PublishBatchCommand).resolves({});

    // Act
    const outcome = await sendAlerts(deps(), [anomalous(1), anomalous(2)], TARGET);

    // Assess
    expect(outcome).toStrictEqual({ sent: 1, suppressed: 1, failed: 0 });
    const entries =
      snsMock.commandCalls(PublishBatchCommand)[0]?.args[0].input.PublishBatchRequestEntries ?? [];
    expect(entries.map((e) => e.MessageAttributes?.site_id?.StringValue)).toStrictEqual(['site1']);
  });

  it('treats a marker of the older format (no state: written just before its publish) as sent', async () => {
    // Prepare
    ddbMock.on(PutCommand).rejects(conditionFailed()).on(GetCommand).resolves({ Item: {} });

    // Act
    const outcome = await sendAlerts(deps(), [anomalous(1)], TARGET);

    // Assess
    expect(outcome).toStrictEqual({ sent: 0, suppressed: 1, failed: 0 });
    expect(snsMock.commandCalls(PublishBatchCommand).length).toBe(0);
  });

  it('fails, without publishing, when another attempt holds a pending claim (it may still send it, or have died)', async () => {
    // Prepare
    ddbMock
      .on(PutCommand)
      .rejects(conditionFailed())
      .on(GetCommand)
      .resolves({ Item: { alert_state: 'pending' } });
    const d = deps();

    // Act
    const error = await sendAlerts(d, [anomalous(1)], TARGET).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AlertsNotPublishedError);
    expect(error).toMatchObject({ unsent: 1 });
    expect(d.metrics.totals.AlertFailures).toBe(1);
    expect(snsMock.commandCalls(PublishBatchCommand).length).toBe(0);
  });

  it('counts and logs the entries SNS reports failed, releases their claims and throws so that the message is retried', async () => {
    // Prepare
    ddbMock.on(PutCommand).resolves({}).on(UpdateCommand).resolves({});
    snsMock.on(PublishBatchCommand).resolves({
      Successful: [{ Id: 'a0', MessageId: 'x' }],
      Failed: [{ Id: 'a1', Code: 'InternalError', SenderFault: false, Message: 'try again' }],
    });
    const d = deps();
    const logged: unknown[] = [];
    d.logger.error = ((message: string, extra: unknown) => {
      logged.push({ message, extra });
    }) as typeof d.logger.error;

    // Act
    const error = await sendAlerts(d, [anomalous(1), anomalous(2)], TARGET).catch((e: unknown) => e);

    // Assess: one confirmed, one released (lease 0), counted, logged with site, rules, id and key.
    expect(error).toMatchObject({ name: 'AlertsNotPublishedError', unsent: 1 });
    expect(d.metrics.totals.AlertFailures).toBe(1);
    const updates = ddbMock.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(updates.map((u) => [u.Key, u.ExpressionAttributeValues?.[':sent'] ?? 'released'])).toStrictEqual([
      [alertMarkerKey(anomalous(1)), 'sent'],
      [alertMarkerKey(anomalous(2)), 'released'],
    ]);
    expect(logged).toMatchObject([
      {
        extra: {
          alerts: [
            {
              site_id: 'site2',
              rules: ['NEGATIVE_GENERATION'],
              alert_id: alertId(anomalous(2)),
              bucket: 'b',
              key: 'k.json',
            },
          ],
        },
      },
    ]);
  });

  it('fails the message and counts the alerts when the markers cannot be claimed (DynamoDB down: the alert must not be lost)', async () => {
    // Prepare
    ddbMock.on(PutCommand).rejects(new Error('connect ECONNREFUSED'));
    const d = deps();

    // Act
    const error = await sendAlerts(d, [anomalous(1)], TARGET).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AlertsNotPublishedError);
    expect((error as Error).cause).toMatchObject({ message: 'connect ECONNREFUSED' });
    expect(d.metrics.totals.AlertFailures).toBe(1);
    expect(snsMock.commandCalls(PublishBatchCommand).length).toBe(0);
  });

  it('does not fail the message when the alert went out but its confirmation could not be written', async () => {
    // Prepare
    ddbMock.on(PutCommand).resolves({}).on(UpdateCommand).rejects(new Error('socket hang up'));
    snsMock.on(PublishBatchCommand).resolves({});
    const d = deps();

    // Act
    const outcome = await sendAlerts(d, [anomalous(1)], TARGET);

    // Assess: sent once; the pending marker only risks a repeat (same alert_id), never a loss.
    expect(outcome).toStrictEqual({ sent: 1, suppressed: 0, failed: 0 });
    expect(d.metrics.totals.AlertFailures).toBeUndefined();
  });

  it('adds a deduplication id and a group on a FIFO topic', async () => {
    // Prepare
    ddbMock.on(PutCommand).resolves({}).on(UpdateCommand).resolves({});
    snsMock.on(PublishBatchCommand).resolves({});

    // Act
    await sendAlerts(deps(), [anomalous(1)], { ...TARGET, topicArn: `${TARGET.topicArn}.fifo` });

    // Assess
    const [entry] =
      snsMock.commandCalls(PublishBatchCommand)[0]?.args[0].input.PublishBatchRequestEntries ?? [];
    expect(entry).toMatchObject({ MessageDeduplicationId: alertId(anomalous(1)), MessageGroupId: 'site1' });
  });
});
