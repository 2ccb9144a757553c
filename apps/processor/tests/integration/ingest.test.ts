import { evaluateAnomalies, normalizeTimestamp, subtractExact } from '@energy/core';
import { functionDefinitions, hostFunction, scheduledEvent } from '@energy/local-stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contributionHeads } from '../helpers/contributions.js';
import { s3NotificationBody, s3TestEventBody } from '../helpers/factories.js';
import { type Pipeline, startPipeline, waitForLog } from '../helpers/pipeline.js';
import { waitFor } from '../helpers/waitFor.js';

// The BUILT processor bundle behind its SQS event source (Lambda semantics), on moto, with
// real SDK calls. Each test uses its own site ids and keys, so that they share one stack.

const MAX_FILE_BYTES = 20_000;
let pipeline: Pipeline;

beforeAll(async () => {
  // The opt-in per-reading feed on: these tests check its messages (alertFeed.test.ts the default, off).
  pipeline = await startPipeline({ processor: { maxFileBytes: MAX_FILE_BYTES, perReadingAlertFeed: true } });
});

afterAll(async () => {
  await pipeline?.stop();
});

function reading(site: string, minute: number, generated: number, consumed: number) {
  return {
    site_id: site,
    timestamp: `2025-02-16T21:${String(minute).padStart(2, '0')}:43Z`,
    energy_generated_kwh: generated,
    energy_consumed_kwh: consumed,
  };
}

/** The stored items without `ingested_at`, which records each delivery's time. */
async function storedWithoutIngestTime(site: string) {
  return (await pipeline.readings(site)).map(({ ingested_at: _ingestedAt, ...rest }) => rest);
}

async function alertsFor(site: string) {
  return (await pipeline.alerts()).filter((alert) => alert.body.site_id === site);
}

describe('Function: handler (on the emulator)', () => {
  it('stores a generator tick with exact net energy, flags and reasons, sends its alerts and updates the summary', async () => {
    // Prepare: the built generator bundle, as the schedule would run it.
    const { stack } = pipeline;
    const definition = functionDefinitions(stack.names, stack.settings, stack.resources, {
      seed: 'ingest-test',
      siteCount: 10,
    }).generator;
    const generator = await hostFunction(stack, definition, { output: pipeline.output });

    // Act
    const tick = await generator
      .invoke<{ key: string; count: number }>(
        scheduledEvent(
          stack.resources.scheduleArn,
          stack.region,
          stack.resources.accountId,
          new Date('2025-02-16T12:00:00Z'),
        ),
      )
      .finally(() => generator.stop());
    await waitForLog(pipeline, 'file ingested', tick.key);

    // Assess: every reading of the file is stored as the domain rules say.
    expect(tick.key).toBe('readings/2025/02/16/12/20250216T120000Z.json');
    const file = JSON.parse(await pipeline.read(tick.key)) as ReturnType<typeof reading>[];
    expect(file.length).toBe(10);
    let anomalous = 0;
    for (const sent of file) {
      const reasons = evaluateAnomalies({ ...sent, timestamp: normalizeTimestamp(sent.timestamp) });
      if (reasons.length > 0) anomalous++;
      const [stored] = await pipeline.readings(sent.site_id);
      expect(stored).toStrictEqual({
        site_id: sent.site_id,
        timestamp: '2025-02-16T12:00:00.000Z',
        energy_generated_kwh: sent.energy_generated_kwh,
        energy_consumed_kwh: sent.energy_consumed_kwh,
        net_energy_kwh: subtractExact(sent.energy_generated_kwh, sent.energy_consumed_kwh),
        anomaly: reasons.length > 0,
        anomaly_reasons: reasons,
        ...(reasons.length > 0 ? { anomaly_site_id: sent.site_id } : {}),
        source_key: tick.key,
        ingested_at: expect.any(String),
      });
    }
    expect(anomalous).toBeGreaterThan(0);

    // Assess: one alert per anomalous reading, filterable by site and reason.
    const alerts = (await pipeline.alerts()).filter(
      (alert) => alert.body.source && (alert.body.source as { key: string }).key === tick.key,
    );
    expect(alerts.length).toBe(anomalous);
    for (const alert of alerts) {
      const sent = file.find((r) => r.site_id === alert.body.site_id);
      expect(sent).toBeDefined();
      const reasons = evaluateAnomalies({
        ...(sent as ReturnType<typeof reading>),
        timestamp: '2025-02-16T12:00:00.000Z',
      });
      expect(alert.attributes.kind).toStrictEqual({ Type: 'String', Value: 'reading' });
      expect(alert.attributes.site_id).toStrictEqual({ Type: 'String', Value: alert.body.site_id });
      expect(alert.attributes.reason).toStrictEqual({ Type: 'String.Array', Value: JSON.stringify(reasons) });
      expect(alert.body.reasons).toStrictEqual(reasons);
      expect(alert.subject).toContain(`Energy anomaly at ${alert.body.site_id}`);
    }

    // Assess: the file's summary contribution covers each of its readings once.
    const [head, ...others] = await contributionHeads(stack, tick.key, '2025-02-16');
    expect(others).toStrictEqual([]);
    expect(head).toMatchObject({ hour: '2025-02-16T12', count: 10, segment: 0, sites: 10 });
  });

  it('ingests a file in the original format: one pretty-printed reading at site1/<timestamp>.json', async () => {
    // Prepare
    const key = 'orig1/20250216T213043Z.json';
    const body = JSON.stringify(reading('orig1', 30, 52.1234, -1), null, 2);

    // Act
    await pipeline.put(key, body);
    await waitForLog(pipeline, 'file ingested', key);

    // Assess
    expect(await pipeline.readings('orig1')).toStrictEqual([
      {
        site_id: 'orig1',
        timestamp: '2025-02-16T21:30:43.000Z',
        energy_generated_kwh: 52.1234,
        energy_consumed_kwh: -1,
        net_energy_kwh: 53.1234,
        anomaly: true,
        anomaly_reasons: ['NEGATIVE_CONSUMPTION'],
        anomaly_site_id: 'orig1',
        source_key: key,
        ingested_at: expect.any(String),
      },
    ]);
  });

  it.each([
    ['a JSON array', 'arr1', (rows: object[]) => JSON.stringify(rows)],
    ['NDJSON', 'nd1', (rows: object[]) => `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`],
  ])('ingests %s', async (_format, site, encode) => {
    // Prepare
    const rows = [reading(site, 1, 10.1, 3.3), reading(site, 2, 0.3, 0.1), reading(site, 3, 100, 0.0001)];
    const key = `readings/${site}.json`;

    // Act
    await pipeline.put(key, encode(rows));
    await waitForLog(pipeline, 'file ingested', key);

    // Assess
    const stored = await pipeline.readings(site);
    expect(stored.map((item) => [item.timestamp, item.net_energy_kwh, item.anomaly])).toStrictEqual([
      ['2025-02-16T21:01:43.000Z', 6.8, false],
      ['2025-02-16T21:02:43.000Z', 0.2, false],
      ['2025-02-16T21:03:43.000Z', 99.9999, false],
    ]);
  });

  it('decodes keys with spaces, a plus sign and non-ASCII characters', async () => {
    // Prepare
    const keys = ['drop box/Zürich café/日本 1.json', 'uploads/a+b=c&d.json'];

    // Act
    for (const [index, key] of keys.entries()) {
      await pipeline.put(key, JSON.stringify(reading(`key${index}`, 5, 1, 2)));
    }
    for (const key of keys) await waitForLog(pipeline, 'file ingested', key);

    // Assess
    expect((await pipeline.readings('key0')).map((item) => item.source_key)).toStrictEqual([keys[0]]);
    expect((await pipeline.readings('key1')).map((item) => item.source_key)).toStrictEqual([keys[1]]);
  });

  it('acknowledges the s3:TestEvent', async () => {
    // Act
    const messageId = await pipeline.send(s3TestEventBody(pipeline.stack.names.bucket));
    await waitFor('the test event to be acknowledged', async () =>
      pipeline.logged('s3:TestEvent acknowledged').find((line) => line.messageId === messageId),
    );

    // Assess: deleted from the queue, not retried, not dead-lettered.
    await waitFor('an empty queue', async () =>
      (await pipeline.depth(pipeline.stack.queueUrl)) === 0 ? true : undefined,
    );
    expect(await pipeline.depth(pipeline.stack.deadLetterQueueUrl)).toBe(0);
    expect(
      pipeline.logs.filter((line) => line.messageId === messageId && line.level === 'ERROR'),
    ).toStrictEqual([]);
  });

  it('stores the same items and sends no alert twice when a file is delivered again', async () => {
    // Prepare
    const key = 'readings/dup1.json';
    await pipeline.put(
      key,
      JSON.stringify([reading('dup1', 1, -1, 5), reading('dup1', 2, 4, -1), reading('dup1', 3, 4, 1)]),
    );
    await waitForLog(pipeline, 'file ingested', key);
    const first = await storedWithoutIngestTime('dup1');
    const firstAlerts = await alertsFor('dup1');

    // Act: S3 and SQS deliver at least once; here is the second delivery.
    await pipeline.send(s3NotificationBody([{ bucket: pipeline.stack.names.bucket, key }]));
    const [, second] = await waitForLog(pipeline, 'file ingested', key, 2);

    // Assess
    expect(await storedWithoutIngestTime('dup1')).toStrictEqual(first);
    expect(first.length).toBe(3);
    expect(firstAlerts.length).toBe(2);
    expect(second).toMatchObject({ stored: 3, anomalies: 2, alertsSent: 0, alertsSuppressed: 2 });
    expect((await alertsFor('dup1')).length).toBe(2);
    // The redelivery put the same contribution again: the hour counts the file once.
    const heads = await contributionHeads(pipeline.stack, key, '2025-02-16');
    expect(heads.map((head) => [head.hour, head.count, head.anomalies])).toStrictEqual([
      ['2025-02-16T21', 3, 2],
    ]);
  });

  it('stores the good records of a file and quarantines the bad ones with their reasons', async () => {
    // Prepare
    const key = 'readings/bad1.json';
    const rows = [
      reading('bad1', 1, 1, 2),
      { ...reading('bad1', 2, 1, 2), timestamp: '2025-02-30T10:00:00Z' },
      reading('bad1', 3, 3, 1),
      { site_id: 'bad1', timestamp: '2025-02-16T21:04:43Z', energy_generated_kwh: '7' },
      'not a reading',
    ];

    // Act
    await pipeline.put(key, JSON.stringify(rows, null, 1));
    await waitForLog(pipeline, 'file ingested', key);

    // Assess
    expect((await pipeline.readings('bad1')).map((item) => item.timestamp)).toStrictEqual([
      '2025-02-16T21:01:43.000Z',
      '2025-02-16T21:03:43.000Z',
    ]);
    const quarantined = JSON.parse(await pipeline.read((await pipeline.quarantine(key)).rejects(0)));
    expect(quarantined).toMatchObject({
      source: { bucket: pipeline.stack.names.bucket, key },
      segment: 0,
      format: 'array',
      stored: 2,
      rejected: 3,
    });
    expect(
      quarantined.rejects.map((r: { position: unknown; field: string; reason: string }) => [
        r.position,
        r.field,
        r.reason,
      ]),
    ).toStrictEqual([
      [{ index: 1 }, 'timestamp', 'day 30 is out of range 01-28 for 2025-02'],
      [{ index: 3 }, 'energy_generated_kwh', 'must be a number, got a string "7"'],
      [{ index: 4 }, '(record)', 'must be a JSON object, got a string "not a reading"'],
    ]);
    expect(quarantined.rejects[1].issues).toStrictEqual([
      { field: 'energy_generated_kwh', reason: 'must be a number, got a string "7"' },
      { field: 'energy_consumed_kwh', reason: 'is required' },
    ]);
    expect(quarantined.rejects[2].raw).toBe('"not a reading"');
  });

  it('quarantines a file that is not JSON once, without retrying it or dead-lettering it', async () => {
    // Prepare
    const key = 'junk/notes.json';
    const body = 'site1, 2025-02-16, 5, 3\nthis is CSV, not JSON\n';

    // Act
    await pipeline.put(key, body);
    await waitForLog(pipeline, 'file ingested', key);

    // Assess: the reason and a copy are in quarantine.
    const keys = await pipeline.quarantine(key);
    const document = JSON.parse(await pipeline.read(keys.error));
    expect(document).toMatchObject({ source: { key }, reason: 'NOT_JSON', copy_key: keys.copy });
    expect(document.message).toContain('payload is not JSON');
    expect(await pipeline.read(keys.copy)).toBe(body);
    // ...our own quarantine writes were announced too, and skipped, not read.
    await waitForLog(pipeline, 'key is under the quarantine prefix: skipped', keys.error);
    // ...and the message was acknowledged: read once, never failed, not in the DLQ.
    await waitFor('an empty queue', async () =>
      (await pipeline.depth(pipeline.stack.queueUrl)) === 0 ? true : undefined,
    );
    expect(pipeline.logged('file quarantined whole: it will not be retried', key).length).toBe(1);
    expect(pipeline.logs.filter((line) => line.key === key && line.level === 'ERROR')).toStrictEqual([]);
    expect(await pipeline.depth(pipeline.stack.deadLetterQueueUrl)).toBe(0);
  });

  it('quarantines a file over MAX_FILE_BYTES and a file that no longer exists, and acknowledges both', async () => {
    // Prepare
    const big = 'readings/big1.json';
    const gone = 'readings/gone1.json';
    const rows = Array.from({ length: 400 }, (_, i) => ({
      ...reading('big1', 0, 1, 1),
      timestamp: new Date(Date.UTC(2025, 1, 16, 0, 0, i)).toISOString(),
    }));

    // Act
    await pipeline.put(big, JSON.stringify(rows));
    await pipeline.send(s3NotificationBody([{ bucket: pipeline.stack.names.bucket, key: gone }]));
    await waitForLog(pipeline, 'file ingested', big);
    await waitForLog(pipeline, 'file ingested', gone);

    // Assess
    expect(JSON.stringify(rows).length).toBeGreaterThan(MAX_FILE_BYTES);
    expect(JSON.parse(await pipeline.read((await pipeline.quarantine(big)).error))).toMatchObject({
      reason: 'TOO_LARGE',
    });
    expect(JSON.parse(await pipeline.read((await pipeline.quarantine(gone)).error))).toMatchObject({
      reason: 'OBJECT_NOT_FOUND',
    });
    expect(await pipeline.readings('big1')).toStrictEqual([]);
    expect(await pipeline.depth(pipeline.stack.deadLetterQueueUrl)).toBe(0);
  });
});
