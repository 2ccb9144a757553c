import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { SummaryTable } from '@energy/aws-clients/summary-table';
import {
  type ContributionHead,
  fleetByHour,
  type PeriodTotals,
  type RolledDay,
  type RollupItem,
  readRollups,
  rollupPartition,
  shardOf,
  summarizerCheckpointKey,
  TotalsSum,
  unpackSites,
} from '@energy/core';
import { type LocalStack, startLocalStack } from '@energy/local-stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSummarizer } from '../../src/runSummarizer.js';
import {
  putContribution,
  type Reference,
  referenceTotals,
  type TestFile,
  tickReadings,
} from '../helpers/contributions.js';

// The summary's exactness on the emulator, with real SDK calls: the contributions of redelivered,
// concurrent, out-of-order, late and overwritten files, rolled up by the summarizer (also twice
// at once), give the same fleet and per-site totals as a plain reference sum of the readings.

let stack: LocalStack;
const NOW = Date.parse('2025-03-10T12:20:00.000Z');
const logger = { info: () => undefined };

beforeAll(async () => {
  stack = await startLocalStack();
});

afterAll(async () => {
  await stack?.stop();
});

/** The summary table, recording the sort-key ranges its Queries ask for, by partition. */
class QuerySpy extends SummaryTable {
  readonly #calls: { pk: string; range: { start: string; end: string } | undefined }[] = [];

  public override async query<T = Record<string, unknown>>(
    pk: string,
    range?: { start: string; end: string },
    options?: Parameters<SummaryTable['query']>[2],
  ): Promise<T[]> {
    this.#calls.push({ pk, range });
    return super.query<T>(pk, range, options);
  }

  public ranges(pk: string): ({ start: string; end: string } | undefined)[] {
    return this.#calls.filter((call) => call.pk === pk).map((call) => call.range);
  }
}

function table(): SummaryTable {
  return new SummaryTable(stack.clients.documentClient, stack.names.summaryTable);
}

async function queryAll<T>(pk: string): Promise<T[]> {
  const { Items } = await stack.clients.documentClient.send(
    new QueryCommand({
      TableName: stack.names.summaryTable,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    }),
  );
  return (Items ?? []) as T[];
}

/** Fleet totals of a day from its heads (what the API's fleet view reads). */
async function fleetOfDay(day: string): Promise<PeriodTotals> {
  const sum = new TotalsSum();
  for (const totals of fleetByHour(await queryAll<ContributionHead>(`FLEET#${day}`)).values())
    sum.add(totals);
  return sum.result();
}

/** Per-site day totals of a day from its day rollups, every shard. */
async function sitesOfDay(day: string): Promise<Map<string, PeriodTotals>> {
  const { Item } = await stack.clients.documentClient.send(
    new GetCommand({ TableName: stack.names.summaryTable, Key: { pk: 'ROLLED', sk: day } }),
  );
  const state = Item as RolledDay | undefined;
  if (!state) return new Map();
  const items: RollupItem[] = [];
  for (let shard = 0; shard < state.shards; shard++) {
    items.push(
      ...(await queryAll<RollupItem>(rollupPartition('day', state.shards, shard))).filter(
        (i) => i.period === day,
      ),
    );
  }
  return readRollups(items).get(day) ?? new Map();
}

function expectTotals(actual: PeriodTotals | undefined, reference: Reference): void {
  expect({
    count: actual?.count,
    anomalies: actual?.anomalies,
    excluded: actual?.excluded,
    generated: actual?.generated_kwh,
    net: actual?.net_kwh,
  }).toStrictEqual(reference);
}

const file = (key: string, sites: number, timestamp: string, seed: number, sequencer?: string): TestFile => ({
  source: { bucket: 'raw', key, segment: 0, ...(sequencer && { sequencer }) },
  readings: tickReadings(sites, timestamp, seed),
});

describe('Function: runSummarizer (on the emulator)', () => {
  it('gives the reference totals after redelivered, concurrent, out-of-order and overwritten files', async () => {
    // Prepare: six five-minute ticks of 40 sites over two hours of one day
    const ddb = stack.clients.documentClient;
    const name = stack.names.summaryTable;
    const ticks = ['10:50', '10:55', '11:00', '11:05', '11:10', '11:15'].map((hhmm, i) =>
      file(`t/${hhmm}.json`, 40, `2025-03-10T${hhmm}:00.000Z`, i + 1, '0A'),
    );
    // The same key overwritten: a newer version (greater sequencer) of other readings in another hour.
    const overwritten = file('t/10:55.json', 25, '2025-03-10T09:30:00.000Z', 99, '0B');

    // Act: out of order, four at once, one redelivered, the overwrite last but with an older one
    // redelivered after it.
    const at = (minute: number) => `2025-03-10T11:${String(minute).padStart(2, '0')}:00.000Z`;
    await putContribution(ddb, name, ticks[5] as TestFile, at(16));
    await Promise.all(ticks.slice(1, 5).map((t, i) => putContribution(ddb, name, t, at(17 + i))));
    await putContribution(ddb, name, ticks[0] as TestFile, at(21));
    await putContribution(ddb, name, ticks[2] as TestFile, at(22));
    await putContribution(ddb, name, overwritten, at(23));
    await putContribution(ddb, name, ticks[1] as TestFile, at(24));
    await Promise.all([
      runSummarizer({ table: table(), logger, now: () => NOW }),
      runSummarizer({ table: table(), logger, now: () => NOW }),
    ]);

    // Assess
    const files = [...ticks, overwritten];
    expectTotals(await fleetOfDay('2025-03-10'), referenceTotals(files));
    const sites = await sitesOfDay('2025-03-10');
    expect(sites.size).toBe(40);
    for (const siteId of ['site1', 'site7', 'site25', 'site40']) {
      expectTotals(
        sites.get(siteId),
        referenceTotals(files, (r) => r.site_id === siteId),
      );
    }
  });

  it('rolls up again only what changed, and a repeated run writes nothing new', async () => {
    // Prepare
    const ddb = stack.clients.documentClient;
    const name = stack.names.summaryTable;
    await putContribution(
      ddb,
      name,
      file('u/a.json', 5, '2025-03-09T08:00:00.000Z', 7),
      '2025-03-10T11:00:00.000Z',
    );
    const first = await runSummarizer({ table: table(), logger, now: () => NOW });

    // Act
    const second = await runSummarizer({ table: table(), logger, now: () => NOW });
    await putContribution(
      ddb,
      name,
      file('u/b.json', 5, '2025-03-09T09:00:00.000Z', 8),
      '2025-03-10T11:01:00.000Z',
    );
    const third = await runSummarizer({ table: table(), logger, now: () => NOW });

    // Assess
    expect(first.hoursRolled).toBeGreaterThanOrEqual(1);
    expect(second).toMatchObject({ hoursRolled: 0, daysRolled: 0, itemsWritten: 0, sitesAdded: 0 });
    expect(third).toMatchObject({ hoursRolled: 1, daysRolled: 1, sitesAdded: 0 });
  });

  it('picks up a late file of an old day through its marker, then clears the marker', async () => {
    // Prepare: a file of readings three weeks old
    const ddb = stack.clients.documentClient;
    const name = stack.names.summaryTable;
    const late = file('late/x.json', 12, '2025-02-17T06:15:00.000Z', 5);
    await putContribution(ddb, name, late, '2025-03-10T12:00:00.000Z');
    expect(await queryAll('LATE')).toHaveLength(1);

    // Act
    const report = await runSummarizer({ table: table(), logger, now: () => NOW });

    // Assess
    expect(report.days).toContain('2025-02-17');
    expect(await queryAll('LATE')).toHaveLength(0);
    const sites = await sitesOfDay('2025-02-17');
    expectTotals(
      sites.get('site3'),
      referenceTotals([late], (r) => r.site_id === 'site3'),
    );
    expectTotals(await fleetOfDay('2025-02-17'), referenceTotals([late]));
  });

  /** The summarizer checkpoint's `started_ms`. */
  async function checkpointMs(): Promise<unknown> {
    const { Item } = await stack.clients.documentClient.send(
      new GetCommand({ TableName: stack.names.summaryTable, Key: summarizerCheckpointKey() }),
    );
    return Item?.started_ms;
  }

  it('reads only the hours near its checkpoint, and a late file through its marker, exactly', async () => {
    // Prepare: a day of hourly files processed on time, rolled up at noon (the checkpoint)
    const ddb = stack.clients.documentClient;
    const name = stack.names.summaryTable;
    const day = '2025-03-11';
    const hourly = Array.from({ length: 12 }, (_, h) =>
      file(`c/${h}.json`, 8, `${day}T${String(h).padStart(2, '0')}:30:00.000Z`, 40 + h),
    );
    for (const f of hourly)
      await putContribution(ddb, name, f, (f.readings[0]?.timestamp ?? '').replace(':30:', ':31:'));
    await runSummarizer({ table: table(), logger, now: () => Date.parse(`${day}T12:00:10.000Z`) });
    const onTime = file('c/11-55.json', 8, `${day}T11:55:00.000Z`, 60);
    await putContribution(ddb, name, onTime, `${day}T12:05:00.000Z`);
    const spy = new QuerySpy(ddb, name);

    // Act: 15 minutes later, then a file of hour 10 that came at 12:40 (late: it marks the day)
    const next = await runSummarizer({ table: spy, logger, now: () => Date.parse(`${day}T12:15:00.000Z`) });
    const headReads = spy.ranges(`FLEET#${day}`);
    const checkpointAfterNext = await checkpointMs();
    const late = file('c/10-45.json', 8, `${day}T10:45:00.000Z`, 61);
    await putContribution(ddb, name, late, `${day}T12:40:00.000Z`);
    const afterLate = await runSummarizer({
      table: spy,
      logger,
      now: () => Date.parse(`${day}T12:45:00.000Z`),
    });

    // Assess: the checkpoint (12:00:10) less liveHours (2) and the margin (16 min) is 09:44, so
    // the heads of hours 09 to 23 only; the late file's day was read whole and cleared.
    expect(headReads).toStrictEqual([{ start: '09#', end: '23#~' }]);
    expect(next).toMatchObject({ hoursRolled: 1, daysRolled: 1 });
    // 12:15 less 2 h 16 min is 09:59, still hour 09: the checkpoint stays at 12:00:10 (no write);
    // 12:45 gives 10:29, so that run moves it.
    expect(next.checkpointWritten).toBe(false);
    expect(checkpointAfterNext).toBe(Date.parse(`${day}T12:00:10.000Z`));
    expect(afterLate.checkpointWritten).toBe(true);
    expect(await checkpointMs()).toBe(Date.parse(`${day}T12:45:00.000Z`));
    expect(spy.ranges(`FLEET#${day}`).slice(1)).toStrictEqual([undefined]);
    expect(afterLate).toMatchObject({ hoursRolled: 1, daysRolled: 1 });
    expect(await queryAll('LATE')).toHaveLength(0);
    const files = [...hourly, onTime, late];
    expectTotals(await fleetOfDay(day), referenceTotals(files));
    const { Item } = await ddb.send(new GetCommand({ TableName: name, Key: { pk: 'ROLLED', sk: day } }));
    const sites = await sitesOfDay(day);
    const fleet = new TotalsSum();
    for (const totals of sites.values()) fleet.add(totals);
    expectTotals(fleet.result(), referenceTotals(files));
    expect((Item as RolledDay).fleet.split(',').slice(0, 6).map(Number)).toStrictEqual([
      fleet.result().generated_kwh,
      fleet.result().consumed_kwh,
      fleet.result().net_kwh,
      fleet.result().count,
      fleet.result().anomalies,
      fleet.result().excluded,
    ]);
    expectTotals(
      sites.get('site5'),
      referenceTotals(files, (r) => r.site_id === 'site5'),
    );
  });

  it('shards a large fleet by site hash, records the shard count and keeps every site once', async () => {
    // Prepare: 2,500 new sites, one tick
    const ddb = stack.clients.documentClient;
    const name = stack.names.summaryTable;
    const big: TestFile = {
      source: { bucket: 'raw', key: 'big/a.json', segment: 0 },
      readings: tickReadings(2_500, '2025-03-08T23:55:00.000Z', 11, 'b'),
    };
    await putContribution(ddb, name, big, '2025-03-10T12:00:00.000Z');

    // Act
    await runSummarizer({ table: table(), logger, now: () => NOW });

    // Assess
    const { Item } = await ddb.send(
      new GetCommand({ TableName: name, Key: { pk: 'ROLLED', sk: '2025-03-08' } }),
    );
    const shards = (Item as RolledDay).shards;
    expect(shards).toBeGreaterThanOrEqual(3);
    const sites = await sitesOfDay('2025-03-08');
    expect(sites.size).toBe(2_500);
    const shard = await queryAll<RollupItem>(rollupPartition('day', shards, shardOf('b17', shards)));
    expect(Object.keys(unpackSites(shard.find((i) => i.period === '2025-03-08')?.site_totals))).toContain(
      'b17',
    );
    expectTotals(
      sites.get('b17'),
      referenceTotals([big], (r) => r.site_id === 'b17'),
    );
    const registry = await queryAll<{ site_ids: Set<string> }>('REGISTRY');
    const ids = registry.flatMap((item) => [...item.site_ids]);
    expect(ids.filter((id) => id.startsWith('b'))).toHaveLength(2_500);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
