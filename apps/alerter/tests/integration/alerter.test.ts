import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ALERTER_LIMITS, type AlertRecord, type AlertStateItem, unpackAlertState } from '@energy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlerterMeta, AlerterStore } from '../../src/AlerterStore.js';
import {
  type Received,
  reading,
  describe as say,
  startWorld,
  T0,
  TEST_SETTINGS,
  TICK_MS,
  type World,
} from '../helpers/harness.js';

// The alerter on the emulator with real SDK calls, fed by the real processor: files go to S3,
// processBatch stores their readings and contributions, runAlerter folds them into alert state
// and publishes to the topic; a queue subscribed with the e-mail filter policy
// ({"kind": ["alert", "digest", "storm"]}) receives what an operator would.

const SETTLE_MS = TEST_SETTINGS.settleSeconds * 1_000;
const worlds: World[] = [];
let first: World;

async function world(name: string): Promise<World> {
  const w = await startWorld(`energy-alert-${name}`, first?.stack.endpoint);
  worlds.push(w);
  return w;
}

beforeAll(async () => {
  first = await startWorld('energy-alert-a');
  worlds.push(first);
});

afterAll(async () => {
  for (const w of worlds.reverse()) await w.stack.stop();
});

// Three sites over 20 ticks (quiet 15 min = 3 ticks in these tests):
// - site-a: generation faults at ticks 0, 1, 3 (one episode: gaps under 3 ticks); a consumption fault at 2;
// - site-b: generation faults at 3 and 12 (two episodes);
// - site-c: a consumption fault at 1, then silent from tick 7 to 13, back at 14.
const TICKS = 20;
function fileOf(tick: number): { key: string; readings: Record<string, unknown>[] } {
  const readings = [
    reading('site-a', tick, { gen: [0, 1, 3].includes(tick), con: tick === 2 }),
    reading('site-b', tick, { gen: [3, 12].includes(tick) }),
  ];
  if (tick < 7 || tick > 13) readings.push(reading('site-c', tick, { con: tick === 1 }));
  return { key: `readings/2025/03/10/t${String(tick).padStart(2, '0')}.json`, readings };
}
const at = (tick: number) => T0 + tick * TICK_MS;

const EXPECTED = [
  'site-a NEGATIVE_CONSUMPTION opened',
  'site-a NEGATIVE_CONSUMPTION resolved',
  'site-a NEGATIVE_GENERATION opened',
  'site-a NEGATIVE_GENERATION resolved',
  'site-b NEGATIVE_GENERATION opened',
  'site-b NEGATIVE_GENERATION opened',
  'site-b NEGATIVE_GENERATION resolved',
  'site-b NEGATIVE_GENERATION resolved',
  'site-c NEGATIVE_CONSUMPTION opened',
  'site-c NEGATIVE_CONSUMPTION resolved',
  'site-c SILENT_SITE opened',
  'site-c SILENT_SITE resolved',
];

/** The episode records of a world's summary table (`ALERTS`). */
async function alertRecords(w: World): Promise<AlertRecord[]> {
  const { Items } = await w.stack.clients.documentClient.send(
    new QueryCommand({
      TableName: w.stack.names.summaryTable,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'ALERTS' },
    }),
  );
  return (Items ?? []) as AlertRecord[];
}

function alertsOnly(messages: Received[]): Received[] {
  return messages.filter((m) => m.attributes.kind === 'alert');
}

describe('runAlerter on the emulator', () => {
  // The reference: the files in order, the alerter after each (what the tests below compare with).
  let messages: Received[] = [];
  let inOrder: string[] = [];
  beforeAll(async () => {
    for (let tick = 0; tick < TICKS; tick++) {
      await first.ingest([fileOf(tick)]);
      await first.alert(at(tick) + SETTLE_MS + 1_000);
    }
    messages = alertsOnly(await first.received());
    inOrder = messages.map(say).sort();
  });

  it('sends one message per state change for files in order, with readable subjects and filterable attributes', async () => {
    const w = first;
    expect(messages.map((m) => `${m.body.site_id} ${m.body.rule} ${m.body.event}`).sort()).toStrictEqual(
      EXPECTED,
    );
    expect(new Set(inOrder).size).toBe(inOrder.length);

    const opened = messages.find(
      (m) =>
        m.body.site_id === 'site-a' && m.body.rule === 'NEGATIVE_GENERATION' && m.body.event === 'opened',
    );
    expect(opened?.subject).toBe('[warning] site-a NEGATIVE_GENERATION opened');
    expect(opened?.attributes).toStrictEqual({
      kind: 'alert',
      site_id: 'site-a',
      rule: 'NEGATIVE_GENERATION',
      state: 'open',
      severity: 'warning',
    });
    expect(opened?.body).toMatchObject({
      opened_at: '2025-03-10T10:00:00.000Z',
      count: 1,
      sample_values: [
        { timestamp: '2025-03-10T10:00:00.000Z', energy_generated_kwh: -1, energy_consumed_kwh: 1.5 },
      ],
      source_keys: ['readings/2025/03/10/t00.json'],
    });
    const resolved = messages.find(
      (m) =>
        m.body.site_id === 'site-a' && m.body.rule === 'NEGATIVE_GENERATION' && m.body.event === 'resolved',
    );
    // Faults at ticks 0, 1, 3: resolved at tick 3 + 15 min, three anomalies counted.
    expect(resolved?.body).toMatchObject({
      state: 'resolved',
      count: 3,
      resolved_at: '2025-03-10T10:30:00.000Z',
      last_seen: '2025-03-10T10:15:00.000Z',
    });
    expect(resolved?.body.sample_values).toHaveLength(3);
    const silent = messages.filter((m) => m.body.rule === 'SILENT_SITE');
    expect(silent.map((m) => [m.subject, m.body.opened_at, m.body.resolved_at ?? null])).toStrictEqual([
      ['[critical] site-c SILENT_SITE opened', '2025-03-10T10:45:00.000Z', null],
      ['[critical] site-c SILENT_SITE resolved', '2025-03-10T10:45:00.000Z', '2025-03-10T11:10:00.000Z'],
    ]);

    // The records others read: one per episode, resolved ones with their TTL, each event notified once.
    const records = await alertRecords(w);
    expect(records).toHaveLength(6);
    for (const record of records) {
      expect(record.state).toBe('resolved');
      expect(record.notified).toStrictEqual(['opened', 'resolved']);
      expect(record.expires_at).toBeGreaterThan(Date.parse(record.resolved_at as string) / 1000);
    }
  });

  it('gives the same messages, none twice, for the same files out of order, concurrent, redelivered and with overlapping runs', async () => {
    const w = await world('b');
    const chunks = [
      [2, 1, 0],
      [5, 4, 3],
      [8, 7, 6],
      [11, 10, 9],
      [14, 13, 12],
      [17, 16, 15],
      [19, 18],
    ];
    const runs: { skipped?: string }[] = [];
    // The emulator's conditional write that creates an item is not atomic under concurrency
    // (measured: in 1 of 40 pairs both writers pass); DynamoDB's is. So the first run, which
    // creates the checkpoint item, goes alone, before any file.
    await w.alert(at(0));
    for (const [index, chunk] of chunks.entries()) {
      // Newest first, all of a chunk in one batch (processed concurrently).
      await w.ingest(chunk.map(fileOf));
      if (index > 0) await w.redeliver(fileOf((chunks[index - 1] as number[])[0] as number).key);
      const now = at(Math.max(...chunk)) + SETTLE_MS + 1_000 + index * 37_000;
      // Two runs at once: the lease lets one through.
      runs.push(...(await Promise.all([w.alert(now), w.alert(now)])));
    }
    await w.alert(at(TICKS) + SETTLE_MS);
    expect(runs.filter((r) => r.skipped === 'lease held').length).toBeGreaterThan(0);
    const got = alertsOnly(await w.received())
      .map(say)
      .sort();
    expect(got).toStrictEqual(inOrder);
  });

  it('writes nothing in a quiet run, and announces nothing from a snapshot another run committed past', async () => {
    const w = await world('q');
    for (let tick = 0; tick < 3; tick++) await w.ingest([fileOf(tick)]);
    const first = await w.alert(at(2) + SETTLE_MS + 1_000);
    expect(first.committed).toBe(true);
    const read = async () =>
      (
        await w.stack.clients.documentClient.send(
          new GetCommand({ TableName: w.stack.names.summaryTable, Key: { pk: 'ALERTER', sk: 'META' } }),
        )
      ).Item as AlerterMeta;
    const committed = await read();
    // Tick 3 is a normal reading of every site: nothing opens or resolves (quiet is 3 ticks).
    await w.ingest([
      { key: fileOf(3).key, readings: ['site-a', 'site-b', 'site-c'].map((site) => reading(site, 3)) },
    ]);
    const quiet = await w.alert(at(3) + SETTLE_MS + 1_000);
    expect(quiet).toMatchObject({ committed: false, itemsWritten: 0, messagesPublished: 0 });
    expect(await read()).toStrictEqual(committed);

    // Run A reads the checkpoint, then run B commits tick 4's changes before A takes the lease:
    // A must not announce them again from its stale snapshot.
    await w.ingest([fileOf(4)]);
    const now = at(4) + SETTLE_MS + 1_000;
    let release: () => void = () => undefined;
    const paused = new Promise<void>((resolve) => {
      release = resolve;
    });
    let snapshotTaken: () => void = () => undefined;
    const taken = new Promise<void>((resolve) => {
      snapshotTaken = resolve;
    });
    class PausingStore extends AlerterStore {
      public override async snapshot() {
        const snapshot = await super.snapshot();
        snapshotTaken();
        await paused;
        return snapshot;
      }
    }
    const runA = w.alert(now, {
      store: new PausingStore(w.stack.clients.documentClient, w.stack.names.summaryTable),
    });
    await taken;
    const runB = await w.alert(now);
    release();
    const a = await runA;
    expect(runB.committed).toBe(true);
    expect(a).toMatchObject({
      skipped: 'lease held',
      committed: false,
      messagesPublished: 0,
      itemsWritten: 0,
    });
    expect((await read()).version).toBe((committed.version ?? 0) + 1);
  });

  it('sends nothing again when a run dies after publishing and before its checkpoint', async () => {
    const w = await world('c');
    for (let tick = 0; tick < 3; tick++) await w.ingest([fileOf(tick)]);
    const now = at(2) + SETTLE_MS + 1_000;
    // A crash cannot be produced on the emulator: a store whose checkpoint write throws stands in for it.
    class CrashingStore extends AlerterStore {
      public override async commit(): Promise<void> {
        throw new Error('crash before the checkpoint');
      }
    }
    const crashing = new CrashingStore(w.stack.clients.documentClient, w.stack.names.summaryTable);
    await expect(w.alert(now, { store: crashing })).rejects.toThrow('crash before the checkpoint');
    const before = alertsOnly(await w.received())
      .map(say)
      .sort();
    expect(before).toStrictEqual([
      expect.stringMatching(/^site-a NEGATIVE_CONSUMPTION opened /),
      expect.stringMatching(/^site-a NEGATIVE_GENERATION opened /),
      expect.stringMatching(/^site-c NEGATIVE_CONSUMPTION opened /),
    ]);
    const rerun = await w.alert(now);
    expect(rerun.stateChanges.opened).toBe(3);
    expect(rerun.messagesPublished).toBe(0);
    expect(await w.received()).toStrictEqual([]);
    const { Item } = await w.stack.clients.documentClient.send(
      new GetCommand({ TableName: w.stack.names.summaryTable, Key: { pk: 'ALERTER', sk: 'META' } }),
    );
    expect((Item as AlerterMeta).settled_ms).toBe(now - SETTLE_MS);
  });

  it("retries a failed publish on the next run, logged with the saved query's prefix", async () => {
    const w = await world('d');
    await w.ingest([fileOf(0)]);
    const now = at(0) + SETTLE_MS + 1_000;
    const failed = await w.alert(now, { topicArn: `${w.stack.topicArn}-gone` });
    expect(failed.publishFailures).toBe(1);
    expect(w.logged.filter((l) => l.message === 'alerts not published')).toHaveLength(1);
    expect(await w.received()).toStrictEqual([]);
    const retried = await w.alert(now + 60_000);
    expect(retried.messagesPublished).toBe(1);
    expect(alertsOnly(await w.received()).map((m) => m.subject)).toStrictEqual([
      '[warning] site-a NEGATIVE_GENERATION opened',
    ]);
    expect((await w.alert(now + 120_000)).messagesPublished).toBe(0);
  });

  it('sends the digest once per period, and none when nothing is open and nothing changed', async () => {
    const w = await world('e');
    await w.alert(Date.parse('2025-03-10T09:58:00.000Z'));
    expect((await w.alert(Date.parse('2025-03-10T10:01:00.000Z'))).digestSent).toBe(false);
    expect(await w.received()).toStrictEqual([]);
    await w.ingest([fileOf(0)]);
    await w.alert(at(0) + SETTLE_MS + 1_000);
    expect(alertsOnly(await w.received()).map((m) => m.subject)).toStrictEqual([
      '[warning] site-a NEGATIVE_GENERATION opened',
    ]);
    const digestRun = await w.alert(Date.parse('2025-03-10T11:00:30.000Z'));
    expect(digestRun.digestSent).toBe(true);
    const received = await w.received();
    const digest = received.find((m) => m.attributes.kind === 'digest');
    // The same run saw the three sites silent since 10:15 (no file after tick 0).
    expect(alertsOnly(received).map((m) => m.subject)).toStrictEqual([
      '[critical] site-a SILENT_SITE opened',
      '[critical] site-b SILENT_SITE opened',
      '[critical] site-c SILENT_SITE opened',
    ]);
    expect(received).toHaveLength(4);
    expect(digest?.attributes).toStrictEqual({ kind: 'digest' });
    // site-a's generation alert and the three silences, all opened since the last digest.
    expect(digest?.subject).toBe('[digest] 4 open alerts, 4 changes');
    expect(digest?.body).toMatchObject({ open_count: 4, changes: { opened: 4, resolved: 0 } });
    expect((await w.alert(Date.parse('2025-03-10T11:03:00.000Z'))).digestSent).toBe(false);
    expect(await w.received()).toStrictEqual([]);
  });

  it('folds a file that comes after its settle time in as late, and logs it', async () => {
    const w = await world('f');
    for (let tick = 0; tick < 6; tick++) {
      if (tick !== 3) await w.ingest([fileOf(tick)]);
      await w.alert(at(tick) + SETTLE_MS + 1_000);
    }
    await w.ingest([fileOf(3)]);
    const report = await w.alert(at(6) + SETTLE_MS + 1_000);
    expect(report.lateObservations).toBe(3);
    expect(w.logged.filter((l) => l.message === 'late observations folded in')).toHaveLength(1);
    // site-b's fault at tick 3 arrives late: its episode opens (marked by the late fold) all the same.
    const messages = alertsOnly(await w.received()).map(
      (m) => `${m.body.site_id} ${m.body.rule} ${m.body.event}`,
    );
    expect(messages).toContain('site-b NEGATIVE_GENERATION opened');
  });
});

describe('runAlerter state layout on the emulator', () => {
  it('lays the state out in more shards as the fleet grows, keeping every site once', async () => {
    const w = await world('g');
    const sites = (n: number, tick: number) =>
      Array.from({ length: n }, (_, i) => reading(`grow-${String(i).padStart(4, '0')}`, tick));
    await w.ingest([{ key: 'readings/grow/t0.json', readings: sites(600, 0) }]);
    expect((await w.alert(at(0) + SETTLE_MS + 1_000)).sites).toBe(600);
    await w.ingest([
      {
        key: 'readings/grow/t1.json',
        readings: [...sites(1_001, 1), reading('grow-0000', 1, { gen: true })],
      },
    ]);
    const report = await w.alert(at(1) + SETTLE_MS + 1_000);
    expect(report.sites).toBe(1_001);
    expect(report.stateChanges.opened).toBe(1);

    const { Items } = await w.stack.clients.documentClient.send(
      new QueryCommand({
        TableName: w.stack.names.summaryTable,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'ALERTER' },
        ConsistentRead: true,
      }),
    );
    const meta = Items?.find((item) => item.sk === 'META') as AlerterMeta;
    const shards = (Items ?? []).filter((item) => String(item.sk).startsWith('STATE#')) as AlertStateItem[];
    expect(meta.shards).toBe(2);
    // The one-shard layout is gone; each site is in exactly one shard of the new one.
    expect(shards.map((item) => item.sk).sort()).toStrictEqual(['STATE#2#0#0', 'STATE#2#1#0']);
    const state = unpackAlertState(shards);
    expect(state.size).toBe(1_001);
    expect(state.get('grow-0000')?.open.has('NEGATIVE_GENERATION')).toBe(true);
    const perShard = shards.map((item) => unpackAlertState([item]).size);
    expect(perShard.reduce((a, b) => a + b, 0)).toBe(1_001);
  }, 60_000);
  it('sends one storm message, not one per change, when a run has more changes than the threshold', async () => {
    // Prepare: 120 sites with a generation fault in one file: 120 openings (threshold 100)
    const w = await world('storm');
    const faulty = Array.from({ length: 120 }, (_, i) =>
      reading(`storm-${String(i).padStart(3, '0')}`, 0, { gen: true }),
    );
    await w.ingest([{ key: 'readings/storm/t0.json', readings: faulty }]);

    // Act
    const report = await w.alert(at(0) + SETTLE_MS + 1_000);
    const again = await w.alert(at(0) + SETTLE_MS + 2_000);

    // Assess
    expect(ALERTER_LIMITS.stormThreshold).toBe(100);
    expect(report).toMatchObject({ stormSent: true, messagesPublished: 1, publishFailures: 0 });
    expect(report.stateChanges.opened).toBe(120);
    expect(again).toMatchObject({ stormSent: false, messagesPublished: 0 });
    const received = await w.received();
    expect(received).toHaveLength(1);
    const [storm] = received;
    expect(storm?.attributes).toStrictEqual({ kind: 'storm' });
    expect(storm?.subject).toBe('[storm] 120 alert changes: 120 opened NEGATIVE_GENERATION');
    expect(storm?.body).toMatchObject({
      kind: 'storm',
      changes: 120,
      by_event_and_rule: { opened: { NEGATIVE_GENERATION: 120 } },
      not_listed: 70,
    });
    expect((storm?.body.listed as string[] | undefined)?.[0]).toBe(
      'storm-000 NEGATIVE_GENERATION opened 2025-03-10T10:00:00.000Z',
    );
    // Every episode is recorded (for GET /v1/alerts), without samples.
    const records = await alertRecords(w);
    expect(records).toHaveLength(120);
    expect(records.every((r) => r.state === 'open' && r.sample_values.length === 0)).toBe(true);
    expect(w.logged.some((line) => line.message.startsWith('alert storm'))).toBe(true);
  }, 60_000);
});
