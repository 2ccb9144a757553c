import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redriveDeadLetters } from '../../src/redrive/redriveDeadLetters.js';
import { type Pipeline, startPipeline, waitForLog } from '../helpers/pipeline.js';
import { waitFor } from '../helpers/waitFor.js';

// Faults injected by a proxy between the processor (the built bundle, behind its SQS event
// source) and the emulator: requests to one service get their connection cut.
// A short visibility timeout makes the 3 receives before the DLQ take seconds, not minutes.

let pipeline: Pipeline;

beforeAll(async () => {
  // The opt-in per-reading feed on: the SNS faults below hit its publishes.
  pipeline = await startPipeline({
    queue: { visibilityTimeoutSeconds: 2 },
    processor: { perReadingAlertFeed: true },
  });
});

afterAll(async () => {
  await pipeline?.stop();
});

function readings(site: string, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    site_id: site,
    timestamp: new Date(Date.UTC(2025, 1, 16, 10, 0, i)).toISOString(),
    energy_generated_kwh: i % 10 === 0 ? -1 : i,
    energy_consumed_kwh: 1.5,
  }));
}

const FAILED = 'message failed: SQS will redeliver it (DLQ after the last receive)';

describe('Function: handler (services failing)', () => {
  it('retries a file while DynamoDB is unreachable, dead-letters it after 3 receives, and loses nothing after a redrive', async () => {
    // Prepare
    const { stack, proxy } = pipeline;
    const key = 'readings/ddb-down.json';
    const rows = readings('ddb1', 60);
    proxy.fail('dynamodb');

    // Act: the file arrives while DynamoDB is down.
    await pipeline.put(key, JSON.stringify(rows));
    await waitFor('the message in the DLQ', async () =>
      (await pipeline.depth(stack.deadLetterQueueUrl)) === 1 ? true : undefined,
    );

    // Assess: three receives, each failed as transient; nothing stored, nothing acknowledged.
    const failures = pipeline.logged(FAILED);
    expect(failures.length).toBe(3);
    expect(new Set(failures.map((line) => line.messageId)).size).toBe(1);
    expect(failures.map((line) => (line.error as { name: string }).name)).toStrictEqual([
      'TransientIngestError',
      'TransientIngestError',
      'TransientIngestError',
    ]);
    expect(proxy.cut.dynamodb).toBeGreaterThanOrEqual(3);
    expect(await pipeline.depth(stack.queueUrl)).toBe(0);
    proxy.heal('dynamodb');
    expect(await pipeline.readings('ddb1')).toStrictEqual([]);

    // Act: DynamoDB is back; redrive the DLQ.
    const result = await redriveDeadLetters({
      sqs: stack.clients.sqs,
      deadLetterQueueUrl: stack.deadLetterQueueUrl,
      queueUrl: stack.queueUrl,
    });
    await waitForLog(pipeline, 'file ingested', key);

    // Assess: moved by the fallback (moto lacks StartMessageMoveTask), every reading stored.
    expect(result).toStrictEqual({ method: 'receive-send-delete', moved: 1, failed: 0, status: 'COMPLETED' });
    const stored = await pipeline.readings('ddb1');
    expect(stored.map((item) => item.timestamp)).toStrictEqual(rows.map((row) => row.timestamp));
    expect(stored.filter((item) => item.anomaly).length).toBe(6);
    await waitFor('empty queues', async () =>
      (await pipeline.depth(stack.queueUrl)) + (await pipeline.depth(stack.deadLetterQueueUrl)) === 0
        ? true
        : undefined,
    );
  });

  it('stores the readings while SNS is unreachable, counts and logs the unsent alerts, keeps the message until they are sent, and sends each once', async () => {
    // Prepare
    const { stack, proxy } = pipeline;
    const key = 'readings/sns-down.json';
    const rows = readings('sns1', 12);
    proxy.fail('sns');

    // Act: the file arrives while SNS is down.
    await pipeline.put(key, JSON.stringify(rows));
    await waitFor('the message in the DLQ', async () =>
      (await pipeline.depth(stack.deadLetterQueueUrl)) === 1 ? true : undefined,
    );

    // Assess: the readings are stored; the message is not acknowledged with its alerts unsent.
    expect((await pipeline.readings('sns1')).length).toBe(12);
    const failures = pipeline.logged(
      'alerts not published: the readings are stored; the message fails so that a redelivery sends these alerts',
    );
    expect(failures.length).toBe(3);
    expect(failures[0]).toMatchObject({
      level: 'ERROR',
      topicArn: stack.topicArn,
      alerts: [
        { site_id: 'sns1', timestamp: rows[0]?.timestamp, rules: ['NEGATIVE_GENERATION'], key },
        { site_id: 'sns1', timestamp: rows[10]?.timestamp, rules: ['NEGATIVE_GENERATION'], key },
      ],
    });
    const emf = pipeline.logs.filter(
      (line) => '_aws' in line && 'AlertFailures' in line && [line.AlertFailures].flat().includes(2),
    );
    expect(emf.length).toBe(3);
    const failed = pipeline
      .logged(FAILED)
      .filter((line) => (line.error as { name: string }).name === 'AlertsNotPublishedError');
    expect(failed.length).toBe(3);
    expect((await pipeline.alerts()).filter((alert) => alert.body.site_id === 'sns1')).toStrictEqual([]);

    // Act: SNS is back; redrive the DLQ.
    proxy.heal('sns');
    await redriveDeadLetters({
      sqs: stack.clients.sqs,
      deadLetterQueueUrl: stack.deadLetterQueueUrl,
      queueUrl: stack.queueUrl,
    });
    const [report] = await waitForLog(pipeline, 'file ingested', key);

    // Assess: the alerts go out now, once each, with their ids; nothing else is repeated.
    expect(report).toMatchObject({ stored: 12, alertsSent: 2, alertFailures: 0, alertsSuppressed: 0 });
    const alerts = (await pipeline.alerts()).filter((alert) => alert.body.site_id === 'sns1');
    expect(alerts.map((alert) => alert.body.timestamp)).toStrictEqual([
      rows[0]?.timestamp,
      rows[10]?.timestamp,
    ]);
    expect(new Set(alerts.map((alert) => alert.attributes.alert_id?.Value)).size).toBe(2);
    expect((await pipeline.readings('sns1')).length).toBe(12);
  });
});
