import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { alertMarkerKey, type EnrichedReading, enrichReading } from '@energy/core';
import { FaultProxy } from '@energy/fault-proxy';
import { createStackClients, type LocalStack, type StackClients, startLocalStack } from '@energy/local-stack';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_SETTINGS } from '../../src/constants.js';
import { alertId } from '../../src/ingest/alertMessage.js';
import { AlertsNotPublishedError, sendAlerts } from '../../src/ingest/sendAlerts.js';
import { quietLogger, recordingMetrics } from '../helpers/factories.js';

// The alert protocol (claim pending -> publish -> confirm sent) against the emulator, with a
// fault-injecting TCP proxy between sendAlerts' clients and moto. What is counted comes from
// the emulator: the alerts the inbox queue (subscribed to the topic) received.

let stack: LocalStack;
let proxy: FaultProxy;
let clients: StackClients;
let siteSeq = 0;

beforeAll(async () => {
  stack = await startLocalStack({ endpoint: null });
  proxy = await FaultProxy.start(stack.endpoint);
  clients = createStackClients(proxy.endpoint, stack.region);
});

afterEach(() => {
  proxy.clear();
});

afterAll(async () => {
  clients?.destroy();
  await proxy?.stop();
  await stack?.stop();
});

/** `count` anomalous readings of a fresh site (so tests never see each other's alerts). */
function anomalies(count: number): EnrichedReading[] {
  siteSeq++;
  return Array.from({ length: count }, (_, i) =>
    enrichReading({
      site_id: `alert-site-${siteSeq}`,
      timestamp: new Date(Date.UTC(2025, 1, 16, 10, 0, i)).toISOString(),
      energy_generated_kwh: -1,
      energy_consumed_kwh: i,
    }),
  );
}

function target(key: string) {
  return {
    topicArn: stack.topicArn,
    summaryTable: stack.names.summaryTable,
    source: { bucket: stack.names.bucket, key },
  };
}

function deps(now?: () => number) {
  return {
    ddb: clients.documentClient,
    sns: clients.sns,
    logger: quietLogger(),
    metrics: recordingMetrics(),
    ...(now ? { now } : {}),
  };
}

/** Alert ids received on the inbox for a site, repeats included (drains what is waiting). */
async function received(siteId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let empty = 0; empty < 2; ) {
    const page = await stack.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: stack.alertInboxUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    if (!page.Messages?.length) {
      empty++;
      continue;
    }
    await stack.clients.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: stack.alertInboxUrl,
        Entries: page.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
      }),
    );
    for (const message of page.Messages) {
      const envelope = JSON.parse(message.Body ?? '{}') as {
        Message: string;
        MessageAttributes: Record<string, { Value: string }>;
      };
      const body = JSON.parse(envelope.Message) as { site_id: string; alert_id: string };
      expect(envelope.MessageAttributes.alert_id?.Value).toBe(body.alert_id);
      if (body.site_id === siteId) ids.push(body.alert_id);
    }
  }
  return ids.sort();
}

const idsOf = (readings: EnrichedReading[]) => readings.map(alertId).sort();

describe('Function: sendAlerts (faults between it and the emulator)', () => {
  it('loses no alert when the answers of marker writes are lost (connection reset after DynamoDB acted)', async () => {
    // Prepare: the first attempt of every other PutItem (the claims) is reset after moto
    // wrote it; the SDK retries it.
    const readings = anomalies(30);
    const id = proxy.add({
      kind: 'reset',
      when: 'after',
      match: [FaultProxy.dynamodbOperation('PutItem'), FaultProxy.firstAttempt],
      every: 2,
    });

    // Act
    const outcome = await sendAlerts(deps(), readings, target('reset-claims.json'));

    // Assess: the retried claim finds its own marker and keeps it (before: suppressed for 7 days).
    expect(proxy.hits(id)).toBe(15);
    expect(outcome).toStrictEqual({ sent: 30, suppressed: 0, failed: 0 });
    expect(await received(readings[0]?.site_id ?? '')).toStrictEqual(idsOf(readings));
  });

  it('under lost PublishBatch answers, delivers every alert; repeats carry the same alert_id and a redelivery adds none', async () => {
    // Prepare: the first attempt of each PublishBatch reaches SNS, then its answer is lost.
    const readings = anomalies(25);
    const site = readings[0]?.site_id ?? '';
    proxy.add({ kind: 'reset', when: 'after', match: [FaultProxy.service('sns'), FaultProxy.firstAttempt] });

    // Act: the file is processed, then delivered again (SQS at-least-once).
    const first = await sendAlerts(deps(), readings, target('reset-publish.json'));
    proxy.clear();
    const again = await sendAlerts(deps(), readings, target('reset-publish.json'));
    const ids = await received(site);

    // Assess: no loss; the repeats (standard SNS cannot rule them out) are detectable by alert_id.
    expect(first).toMatchObject({ sent: 25, failed: 0 });
    expect(again).toStrictEqual({ sent: 0, suppressed: 25, failed: 0 });
    expect([...new Set(ids)]).toStrictEqual(idsOf(readings));
    expect(ids.length).toBe(50);
  });

  it('sends an alert whose attempt died between claim and publish, once its lease has passed, and never before', async () => {
    // Prepare: the marker a killed attempt leaves behind.
    const [reading] = anomalies(1) as [EnrichedReading];
    const nowMs = Date.now();
    await stack.clients.documentClient.send(
      new PutCommand({
        TableName: stack.names.summaryTable,
        Item: {
          ...alertMarkerKey(reading),
          alert_state: 'pending',
          claim_id: 'dead-attempt',
          lease_until: Math.floor(nowMs / 1000) + ALERT_SETTINGS.claimLeaseSeconds,
        },
      }),
    );

    // Act: a redelivery within the lease, then one after it.
    const early = deps(() => nowMs + 1_000);
    const within = await sendAlerts(early, [reading], target('killed.json')).catch((e: unknown) => e);
    const later = await sendAlerts(
      deps(() => nowMs + (ALERT_SETTINGS.claimLeaseSeconds + 1) * 1000),
      [reading],
      target('killed.json'),
    );

    // Assess: not suppressed (the old code lost it for 7 days), not doubled, then confirmed.
    expect(within).toBeInstanceOf(AlertsNotPublishedError);
    expect(early.metrics.totals.AlertFailures).toBe(1);
    expect(later).toStrictEqual({ sent: 1, suppressed: 0, failed: 0 });
    expect(await received(reading.site_id)).toStrictEqual([alertId(reading)]);
    const { Item } = await stack.clients.documentClient.send(
      new GetCommand({ TableName: stack.names.summaryTable, Key: alertMarkerKey(reading) }),
    );
    expect(Item).toMatchObject({ alert_state: 'sent' });
  });

  it('fails and counts while SNS is unreachable, then a retry sends exactly the missing alerts', async () => {
    // Prepare: SNS refuses the second batch only (the first 10 go out).
    const readings = anomalies(15);
    const site = readings[0]?.site_id ?? '';
    proxy.add({ kind: 'reset', when: 'before', match: FaultProxy.service('sns'), offset: 1 });
    const failing = deps();

    // Act
    const error = await sendAlerts(failing, readings, target('sns-down.json')).catch((e: unknown) => e);
    proxy.clear();
    const retry = await sendAlerts(deps(), readings, target('sns-down.json'));

    // Assess
    expect(error).toMatchObject({ name: 'AlertsNotPublishedError', unsent: 5 });
    expect(failing.metrics.totals.AlertFailures).toBe(5);
    expect(retry).toStrictEqual({ sent: 5, suppressed: 10, failed: 0 });
    expect(await received(site)).toStrictEqual(idsOf(readings));
  });
});
