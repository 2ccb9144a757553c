// DynamoDB Query on moto with and without patch 7 of tools/python/moto_patched.py (Query reads
// the queried partition only). The same readings table (provisioned as the stack provisions it)
// is loaded on a patched and an unpatched emulator, then timed: Queries on the base table
// (site_id = site) and on the sparse GSI anomalies-by-site (anomaly_site_id = site), the
// alerter's sample Query. Unpatched moto is the baseline of the same run. Writes
// docs/benchmarks.md (section local-stack-query).
import { PutItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { formatCount, formatNumber, median, stampedSection, writeBenchSection } from '@energy/bench-kit';
import { resourceNames } from '@energy/config';
import { READINGS_TABLE } from '@energy/core';
import { createStackClients, mergeSettings, provision, type StackClients, startMoto } from '../src/index.js';
import { batchWriteAll } from './batchWrite.js';

process.removeAllListeners('warning');

const ITEMS = Number(process.env.BENCH_QUERY_ITEMS ?? 50_000);
const PARTITIONS = Number(process.env.BENCH_QUERY_PARTITIONS ?? ITEMS / 20);
// Queries per kind; unpatched moto walks the whole table per Query, so it gets fewer.
const PATCHED_QUERIES = Number(process.env.BENCH_QUERY_COUNT ?? 100);
const UNPATCHED_QUERIES = Number(process.env.BENCH_QUERY_BASELINE_COUNT ?? 10);
const ANOMALY_EVERY = 5;
// The size settings of this run as a command prefix, so the section says how to measure it again.
const SIZE_SETTINGS = [
  'BENCH_QUERY_ITEMS',
  'BENCH_QUERY_PARTITIONS',
  'BENCH_QUERY_COUNT',
  'BENCH_QUERY_BASELINE_COUNT',
]
  .filter((name) => process.env[name] !== undefined)
  .map((name) => `${name}=${process.env[name]} `)
  .join('');

const site = (i: number) => `site-${String(i % PARTITIONS).padStart(5, '0')}`;

/** Reading `i`: one partition per site; one tick in five is anomalous (so in the sparse index). */
const reading = (i: number) => ({
  [READINGS_TABLE.partitionKey]: { S: site(i) },
  [READINGS_TABLE.sortKey]: {
    S: new Date(Date.UTC(2025, 0, 1) + Math.floor(i / PARTITIONS) * 300_000).toISOString(),
  },
  energy_generated_kwh: { N: '42.1234' },
  energy_consumed_kwh: { N: '12.5' },
  net_energy_kwh: { N: '29.6234' },
  anomaly: { BOOL: Math.floor(i / PARTITIONS) % ANOMALY_EVERY === 0 },
  ...(Math.floor(i / PARTITIONS) % ANOMALY_EVERY === 0
    ? { [READINGS_TABLE.anomalyIndexPartitionKey]: { S: site(i) } }
    : {}),
});

type Timing = {
  base: number;
  index: number;
  indexAfterPut: number;
  indexAfterUpdate: number;
  counts: number[];
};

type Emulator = { clients: StackClients; table: string; stop: () => Promise<void> };

/** An emulator with the stack provisioned and every reading loaded. */
async function loadedEmulator(patched: boolean): Promise<Emulator> {
  const moto = await startMoto({ patched });
  const clients = createStackClients(moto.endpoint, 'us-east-1');
  const names = resourceNames('energy-bench-query');
  await provision(clients, names, mergeSettings());
  const started = performance.now();
  await batchWriteAll(clients.dynamodb, names.readingsTable, ITEMS, reading, 4);
  const seconds = (performance.now() - started) / 1_000;
  console.log(
    `${patched ? 'patched' : 'unpatched'}: ${formatCount(ITEMS)} items loaded in ${formatNumber(seconds, 1)} s`,
  );
  return {
    clients,
    table: names.readingsTable,
    stop: async () => {
      clients.destroy();
      await moto.stop();
    },
  };
}

// The sites queried: spread over the fleet; the baseline queries the first ones.
const SITES = Array.from({ length: PATCHED_QUERIES }, (_, k) =>
  site(Math.floor((k * PARTITIONS) / PATCHED_QUERIES)),
);

/** Milliseconds per Query (median): base table, GSI, and GSI right after a PutItem (a map rebuild). */
async function timeQueries({ clients, table }: Emulator, count: number): Promise<Timing> {
  const base: number[] = [];
  const index: number[] = [];
  const indexAfterPut: number[] = [];
  const indexAfterUpdate: number[] = [];
  const counts: number[] = [];
  const sites = SITES.slice(0, count);
  const indexQuery = (siteId: string) =>
    new QueryCommand({
      TableName: table,
      IndexName: READINGS_TABLE.anomalyIndexName,
      KeyConditionExpression: '#p = :site',
      ExpressionAttributeNames: { '#p': READINGS_TABLE.anomalyIndexPartitionKey },
      ExpressionAttributeValues: { ':site': { S: siteId } },
    });
  for (const siteId of sites) {
    const started = performance.now();
    const answer = await clients.dynamodb.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: '#p = :site',
        ExpressionAttributeNames: { '#p': READINGS_TABLE.partitionKey },
        ExpressionAttributeValues: { ':site': { S: siteId } },
      }),
    );
    base.push(performance.now() - started);
    counts.push(answer.Count ?? 0);
  }
  for (const siteId of sites) {
    const started = performance.now();
    const answer = await clients.dynamodb.send(indexQuery(siteId));
    index.push(performance.now() - started);
    counts.push(answer.Count ?? 0);
  }
  // A PutItem before each Query (patched moto updates its index map), then an UpdateItem
  // (it changes the stored item in place: patched moto rebuilds the map, its worst case).
  for (const [k, siteId] of sites.slice(0, UNPATCHED_QUERIES).entries()) {
    await clients.dynamodb.send(new PutItemCommand({ TableName: table, Item: reading(ITEMS + k) }));
    let started = performance.now();
    await clients.dynamodb.send(indexQuery(siteId));
    indexAfterPut.push(performance.now() - started);
    await clients.dynamodb.send(
      new UpdateItemCommand({
        TableName: table,
        Key: {
          [READINGS_TABLE.partitionKey]: reading(k)[READINGS_TABLE.partitionKey],
          [READINGS_TABLE.sortKey]: reading(k)[READINGS_TABLE.sortKey],
        },
        UpdateExpression: 'SET energy_consumed_kwh = :v',
        ExpressionAttributeValues: { ':v': { N: '12.6' } },
      }),
    );
    started = performance.now();
    await clients.dynamodb.send(indexQuery(siteId));
    indexAfterUpdate.push(performance.now() - started);
  }
  return {
    base: median(base),
    index: median(index),
    indexAfterPut: median(indexAfterPut),
    indexAfterUpdate: median(indexAfterUpdate),
    counts,
  };
}

// Both emulators load at once; the Queries are timed one emulator after the other.
const emulators = await Promise.all([loadedEmulator(true), loadedEmulator(false)]);
const [patched, unpatched] = [
  await timeQueries(emulators[0], PATCHED_QUERIES),
  await timeQueries(emulators[1], UNPATCHED_QUERIES),
];
await Promise.all(emulators.map((emulator) => emulator.stop()));
console.log({ patched: { ...patched, counts: undefined }, unpatched: { ...unpatched, counts: undefined } });
// The same sites must give the same answers (base: first UNPATCHED_QUERIES counts of each half).
const sameSites = (timing: Timing, count: number) => [
  ...timing.counts.slice(0, UNPATCHED_QUERIES),
  ...timing.counts.slice(count, count + UNPATCHED_QUERIES),
];
const patchedCounts = sameSites(patched, PATCHED_QUERIES);
const unpatchedCounts = sameSites(unpatched, UNPATCHED_QUERIES);
if (patchedCounts.join() !== unpatchedCounts.join()) {
  throw new Error(`answers differ: patched ${patchedCounts.join()} / unpatched ${unpatchedCounts.join()}`);
}
const perSite = patchedCounts.reduce((sum, n) => sum + n, 0) / UNPATCHED_QUERIES;

const ms = (value: number) => `${formatNumber(value, value < 10 ? 1 : 0)} ms`;
const row = (label: string, key: keyof Omit<Timing, 'counts'>) =>
  `| ${label} | ${ms(unpatched[key])} | ${ms(patched[key])} | ${formatNumber(unpatched[key] / patched[key], 0)}× |`;
const body = [
  '| Query (median per call) | unpatched moto (baseline) | patched moto | speed-up |',
  '| --- | --- | --- | --- |',
  row('base table, `site_id = site`', 'base'),
  row(
    `GSI \`${READINGS_TABLE.anomalyIndexName}\`, \`${READINGS_TABLE.anomalyIndexPartitionKey} = site\``,
    'index',
  ),
  row('the same GSI Query right after a PutItem (patched: the put updated the map)', 'indexAfterPut'),
  row('the same GSI Query right after an UpdateItem (patched: map rebuilt)', 'indexAfterUpdate'),
  '',
  `${formatCount(ITEMS)} readings over ${formatCount(PARTITIONS)} sites (one in ${ANOMALY_EVERY} in the sparse index), loaded`,
  `with BatchWriteItem; ${PATCHED_QUERIES} Queries of each kind on patched moto, ${UNPATCHED_QUERIES} on unpatched moto`,
  '(it walks the whole table per Query); both emulators load at once, then their Queries are timed one',
  'emulator after the other, sequentially (one call at a time). Both answer the same',
  `item counts (${formatNumber(perSite, 1)} per site, base table and index together). Patch 7 of \`tools/python/moto_patched.py\``,
  'changes no answer (tests/dynamodbQuery.test.ts); set `BENCH_QUERY_ITEMS` / `BENCH_QUERY_PARTITIONS` for other sizes.',
].join('\n');
const section = stampedSection(
  'DynamoDB Query on moto: whole-table walk vs queried partition (patch 7)',
  `\`${SIZE_SETTINGS}pnpm --filter @energy/local-stack bench:query\` (part of \`make bench\`, at the default sizes)`,
  body,
);
writeBenchSection('local-stack-query', section);
console.log(section);
