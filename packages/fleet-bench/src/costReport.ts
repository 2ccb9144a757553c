import { formatNumber } from '@energy/bench-kit';
import { dollarsFor, PRICES_TAKEN, S3_PUT_TIER_OPERATIONS, US_EAST_1_PRICES } from '@energy/cost-meter';
import { ALERTS_TAG } from './alertLedger.js';
import { FLEET_BENCH } from './constants.js';
import type { FleetRun, LambdaUsage } from './simulation.js';

/** The components the cost is broken down into, in report order. */
const COMPONENTS = [
  'S3 requests',
  'SQS requests',
  'Lambda requests (processor)',
  'Lambda GB-seconds (processor)',
  'Readings table',
  'Readings anomaly index',
  'Summary upkeep',
  'Alerts',
] as const;

/** One of {@link COMPONENTS}. */
type Component = (typeof COMPONENTS)[number];

/** Dollars of a run, by component. */
export type CostBreakdown = Record<Component, number>;

const lambdaDollars = (usage: LambdaUsage | undefined) =>
  usage
    ? {
        requests: dollarsFor(US_EAST_1_PRICES.lambdaRequest, usage.invocations),
        gbSeconds: dollarsFor(
          US_EAST_1_PRICES.lambdaGbSecond,
          (usage.billedMs / 1_000) * (usage.memoryMb / 1_024),
        ),
      }
    : { requests: 0, gbSeconds: 0 };

/**
 * Prices a run's counts at the us-east-1 list prices: S3 requests at the PUT or GET tier,
 * SQS and SNS per billed request, Lambda per invocation and GB-second, DynamoDB per read and
 * write unit. Readings table and its index are the floor's storage; everything else in the
 * summary table (and the summarizer's Lambda) is summary upkeep; alert markers and SNS are alerts.
 */
export function costBreakdown(run: FleetRun): CostBreakdown {
  const cost = Object.fromEntries(COMPONENTS.map((name) => [name, 0])) as CostBreakdown;
  for (const line of run.meter.requests) {
    if (line.service === 'S3') {
      const price = S3_PUT_TIER_OPERATIONS.has(line.operation)
        ? US_EAST_1_PRICES.s3Put
        : US_EAST_1_PRICES.s3Get;
      cost['S3 requests'] += dollarsFor(price, line.billed);
    } else if (line.service === 'SQS') {
      cost['SQS requests'] += dollarsFor(US_EAST_1_PRICES.sqsRequest, line.billed);
    } else if (line.service === 'SNS') {
      cost.Alerts += dollarsFor(US_EAST_1_PRICES.snsPublish, line.billed);
    }
  }
  for (const line of run.meter.capacity) {
    const dollars =
      dollarsFor(US_EAST_1_PRICES.dynamodbRead, line.readUnits) +
      dollarsFor(US_EAST_1_PRICES.dynamodbWrite, line.writeUnits);
    if (line.tag === ALERTS_TAG) cost.Alerts += dollars;
    else if (line.table === run.tables.readings) {
      cost[line.index ? 'Readings anomaly index' : 'Readings table'] += dollars;
    } else cost['Summary upkeep'] += dollars;
  }
  const processor = lambdaDollars(run.lambdas.processor);
  cost['Lambda requests (processor)'] = processor.requests;
  cost['Lambda GB-seconds (processor)'] = processor.gbSeconds;
  const summarizer = lambdaDollars(run.lambdas.summarizer);
  cost['Summary upkeep'] += summarizer.requests + summarizer.gbSeconds;
  const alerter = lambdaDollars(run.lambdas.alerter);
  cost.Alerts += alerter.requests + alerter.gbSeconds;
  return cost;
}

/** Sum of a breakdown. */
export function totalOf(cost: CostBreakdown): number {
  return COMPONENTS.reduce((sum, name) => sum + cost[name], 0);
}

/** Dollars per million readings. */
export function perMillion(dollars: number, readings: number): number {
  return readings > 0 ? (dollars / readings) * 1_000_000 : 0;
}

/** Alert messages published per simulated day, from a run's SNS billed publishes. */
export function alertMessagesPerDay(run: FleetRun): number {
  const published = run.meter.requests
    .filter((line) => line.service === 'SNS')
    .reduce((sum, line) => sum + line.billed, 0);
  return run.ticks > 0 ? (published / run.ticks) * FLEET_BENCH.ticksPerDay : 0;
}

/** Requests per reading by `service operation`, for the request-count table. */
export function requestsPerReading(run: FleetRun): Map<string, number> {
  const rows = new Map<string, number>();
  for (const line of run.meter.requests) {
    const name = `${line.service} ${line.operation}`;
    rows.set(name, (rows.get(name) ?? 0) + line.billed / Math.max(1, run.readings));
  }
  const invocations = run.lambdas.processor?.invocations ?? 0;
  rows.set('Lambda Invoke (processor)', invocations / Math.max(1, run.readings));
  for (const kind of ['summarizer', 'alerter'] as const) {
    const invocations = run.lambdas[kind]?.invocations;
    if (invocations !== undefined)
      rows.set(`Lambda Invoke (${kind})`, invocations / Math.max(1, run.readings));
  }
  return rows;
}

/** Requests and summed latency by `service operation` (what the SDK saw; S3's notification sends take no client time). */
function timeByOperation(run: FleetRun): Map<string, { requests: number; ms: number }> {
  const rows = new Map<string, { requests: number; ms: number }>();
  for (const line of run.meter.requests) {
    if (line.ms === 0) continue;
    const name = `${line.service} ${line.operation}`;
    const row = rows.get(name) ?? { requests: 0, ms: 0 };
    row.requests += line.requests;
    row.ms += line.ms;
    rows.set(name, row);
  }
  return rows;
}

/** DynamoDB units per reading by ledger (table, index or tag). */
function unitsPerReading(run: FleetRun): Map<string, { read: number; write: number }> {
  const rows = new Map<string, { read: number; write: number }>();
  for (const line of run.meter.capacity) {
    const ledger =
      line.tag === ALERTS_TAG
        ? 'alerting (summary table: alerter state, episodes, feed markers)'
        : line.table === run.tables.readings
          ? line.index
            ? `readings index ${line.index}`
            : 'readings table'
          : 'summary table (upkeep)';
    const row = rows.get(ledger) ?? { read: 0, write: 0 };
    row.read += line.readUnits / Math.max(1, run.readings);
    row.write += line.writeUnits / Math.max(1, run.readings);
    rows.set(ledger, row);
  }
  return rows;
}

/** The processor's GB-seconds as a share of each fleet size's pipeline total (`10: 8 %, 1,000: 22 %`). */
function lambdaShares(pairs: readonly FleetPair[]): string {
  return pairs
    .map(({ pipeline }) => {
      // All three functions' GB-seconds: the summarizer's and the alerter's sit inside their components.
      const gbSeconds = (['processor', 'summarizer', 'alerter'] as const).reduce(
        (sum, kind) => sum + lambdaDollars(pipeline.lambdas[kind]).gbSeconds,
        0,
      );
      const share = (100 * gbSeconds) / Math.max(Number.MIN_VALUE, totalOf(costBreakdown(pipeline)));
      return `${share.toFixed(0)} % at ${formatNumber(pipeline.sites)} sites`;
    })
    .join(', ');
}

const money = (value: number) => `$${formatNumber(value, value >= 10 ? 2 : 3)}`;
const ratio = (value: number) => `${value.toFixed(2)}×`;

/** One fleet size measured both ways. */
/** Where and how a fleet size was measured. */
type Measurement = {
  /** When, ISO 8601. */
  at: string;
  /** The machine (`machineStamp`). */
  stamp: string;
  /** The command that produced it, as markdown. */
  command: string;
  /** The commit measured (`git rev-parse --short HEAD`, `+dirty` when the tree had changes). */
  commit: string;
};

/** One fleet size, measured: the pipeline and its floor, in the same run. */
export type FleetPair = { pipeline: FleetRun; floor: FleetRun; measured: Measurement };

function priceTable(): string[] {
  const rows = Object.values(US_EAST_1_PRICES).map(
    (price) => `| ${price.unit} | $${price.dollars} per ${formatNumber(price.per)} | ${price.source} |`,
  );
  return [
    `Prices: us-east-1 list prices, taken ${PRICES_TAKEN} (\`packages/cost-meter/src/prices.ts\`; free tiers ignored).`,
    '',
    '| unit | price | source |',
    '| --- | --- | --- |',
    ...rows,
  ];
}

function ticksNote(run: FleetRun): string {
  return run.ticks < run.ticksRequested
    ? `${run.ticks} of ${run.ticksRequested} ticks (time budget)`
    : `${run.ticks} ticks`;
}

/**
 * The body of docs/cost.md: the price table, the headline (pipeline, floor and their ratio
 * per fleet size), the breakdown by component, requests and DynamoDB units per reading, and
 * alert messages per day.
 */
export function costMarkdown(pairs: readonly FleetPair[]): string {
  const lines: string[] = [
    '# Cost per reading at fleet scale',
    '',
    'Written by `pnpm bench` (`packages/fleet-bench`) from the stored runs in `packages/fleet-bench/results/`',
    '(one per fleet size, so that one size can be measured again alone); do not edit by hand.',
    '',
    '| sites per tick | measured | commit | machine | command |',
    '| ---: | --- | --- | --- | --- |',
    ...pairs.map(
      ({ pipeline, measured }) =>
        `| ${formatNumber(pipeline.sites)} | ${measured.at} | ${measured.commit} | ${measured.stamp} | ${measured.command} |`,
    ),
    '',
    'How: for each fleet size a private moto runs the real code in this process with metered SDK clients',
    "(`packages/cost-meter`): the generator's `runTick` writes one five-minute file to S3, S3 notifies the real",
    'SQS queue, each received batch is one processor invocation (`processMessage` per message) and is then deleted;',
    'the summarizer (every 15 simulated minutes) and the alerter (every 5) run on their schedules. Warm-up ticks are left',
    "out (the test event, cold caches and a fresh fleet's burst of alert openings, see the command's `FLEET_WARMUP_TICKS`,",
    `default ${FLEET_BENCH.warmupTicks}), then ${FLEET_BENCH.ticks} ticks (two simulated hours) are counted, at the generator's default anomaly rate.`,
    'The **floor** is the same pipeline with no summary upkeep and no alerts: read the file once, parse, and store',
    'each reading (same item, same anomaly index) with 25-item BatchWriteItem calls.',
    '',
    ...priceTable(),
    '',
    '## Dollars per million readings',
    '',
    `| sites per tick | ticks | pipeline | floor | pipeline / floor (goal ≤ ${FLEET_BENCH.floorGoal}×) | summarizer |`,
    '| ---: | --- | ---: | ---: | ---: | --- |',
  ];
  for (const { pipeline, floor } of pairs) {
    const total = perMillion(totalOf(costBreakdown(pipeline)), pipeline.readings);
    const base = perMillion(totalOf(costBreakdown(floor)), floor.readings);
    const within = total / base <= FLEET_BENCH.floorGoal ? 'within goal' : 'over goal';
    lines.push(
      `| ${formatNumber(pipeline.sites)} | ${ticksNote(pipeline)} | ${money(total)} | ${money(base)} | ${ratio(total / base)} (${within}) | ${pipeline.summarizer ? 'ran' : 'not on this branch'} |`,
    );
  }
  lines.push('', '## By component (dollars per million readings)', '');
  const header = pairs.flatMap(({ pipeline }) => [
    `${formatNumber(pipeline.sites)} pipeline`,
    `${formatNumber(pipeline.sites)} floor`,
  ]);
  lines.push(`| component | ${header.join(' | ')} |`, `| --- | ${header.map(() => '---:').join(' | ')} |`);
  const breakdowns = pairs.map(({ pipeline, floor }) => ({
    pipeline: costBreakdown(pipeline),
    floor: costBreakdown(floor),
    pipelineReadings: pipeline.readings,
    floorReadings: floor.readings,
  }));
  for (const component of COMPONENTS) {
    const cells = breakdowns.flatMap((b) => [
      money(perMillion(b.pipeline[component], b.pipelineReadings)),
      money(perMillion(b.floor[component], b.floorReadings)),
    ]);
    lines.push(`| ${component} | ${cells.join(' | ')} |`);
  }
  const totals = breakdowns.flatMap((b) => [
    money(perMillion(totalOf(b.pipeline), b.pipelineReadings)),
    money(perMillion(totalOf(b.floor), b.floorReadings)),
  ]);
  lines.push(`| **total** | ${totals.map((cell) => `**${cell}**`).join(' | ')} |`);

  lines.push('', '## Requests per reading', '');
  const requestRows = pairs.flatMap(({ pipeline, floor }) => [
    requestsPerReading(pipeline),
    requestsPerReading(floor),
  ]);
  const names = [...new Set(requestRows.flatMap((rows) => [...rows.keys()]))].sort();
  lines.push(
    `| request (billed) | ${header.join(' | ')} |`,
    `| --- | ${header.map(() => '---:').join(' | ')} |`,
  );
  for (const name of names) {
    lines.push(
      `| ${name} | ${requestRows.map((rows) => formatNumber(rows.get(name) ?? 0, 4)).join(' | ')} |`,
    );
  }
  lines.push('', '## DynamoDB units per reading (read / write)', '');
  const unitRows = pairs.flatMap(({ pipeline, floor }) => [
    unitsPerReading(pipeline),
    unitsPerReading(floor),
  ]);
  const ledgers = [...new Set(unitRows.flatMap((rows) => [...rows.keys()]))].sort();
  lines.push(`| ledger | ${header.join(' | ')} |`, `| --- | ${header.map(() => '---:').join(' | ')} |`);
  for (const ledger of ledgers) {
    lines.push(
      `| ${ledger} | ${unitRows
        .map((rows) => {
          const row = rows.get(ledger);
          return row ? `${formatNumber(row.read, 3)} / ${formatNumber(row.write, 3)}` : '–';
        })
        .join(' | ')} |`,
    );
  }
  lines.push('', '## Alert messages per simulated day', '');
  lines.push(
    '| sites per tick | SNS messages per day | e-mails per day to one subscriber | e-mail cost per subscriber per day |',
  );
  lines.push('| ---: | ---: | ---: | ---: |');
  for (const { pipeline } of pairs.filter(({ pipeline }) => pipeline.sites <= 1_000)) {
    const perDay = alertMessagesPerDay(pipeline);
    lines.push(
      `| ${formatNumber(pipeline.sites)} | ${formatNumber(perDay)} | ${formatNumber(perDay)} | ${money(dollarsFor(US_EAST_1_PRICES.snsEmail, perDay))} |`,
    );
  }
  lines.push(
    '',
    'Messages per day = SNS messages published in the measured ticks ÷ ticks × 288 ticks a day. The alerter sends one',
    "message per alert state change and an hourly digest; the processor's per-reading feed (one message per anomalous",
    'reading, about 36 % of readings) is off by default (`ALERT_FEED=none`). Two simulated hours after the warm-up are',
    'a short window for rare events (resolves, re-opens): the figures over 30 and 7 simulated days are in',
    '`docs/benchmarks.md`, section "Alert messages per simulated day" (`pnpm --filter @energy/alerter bench`).',
    '',
    '## What the figures include and leave out',
    '',
    '- Lambda duration is the measured wall time of each invocation in this process against moto, rounded up to the',
    '  millisecond, times the configured memory (`STACK_SETTINGS`). moto answers far slower than AWS (and the machine',
    `  is shared: see the load above), so GB-seconds are an upper bound: the processor's, summarizer's and alerter's together are here ${lambdaShares(pairs)} of the pipeline's total.`,
    '- SQS: the sends S3 makes for its notifications happen inside moto; they are counted from the messages received',
    '  (one per created object). Receives and deletes are those of this harness (one receive per batch, a few empty',
    "  long polls). Lambda's own SQS pollers also long-poll an idle queue: a fixed cost per month, not per reading, not counted here.",
    "- The generator's Lambda is the simulator of the sites, not part of the pipeline: its invocations are not counted;",
    '  its S3 PUT of each file is (a real site uploads the file too).',
    '- DynamoDB units follow the documented size rules (`packages/cost-meter`); storage (GB-month) and backups are not',
    '  per-request costs and are not counted. Failed conditional writes are billed, as on AWS.',
    '- SNS e-mail delivery is per subscriber and shown apart from the total.',
  );
  lines.push(
    '',
    "## Where the pipeline's time goes on moto",
    '',
    'Sum of request latencies by operation in the measured ticks (requests overlap, so sums can exceed wall time).',
    '',
    `| operation | ${pairs.map(({ pipeline }) => `${formatNumber(pipeline.sites)} sites: requests, total s`).join(' | ')} |`,
    `| --- | ${pairs.map(() => '---:').join(' | ')} |`,
  );
  const timings = pairs.map(({ pipeline }) => timeByOperation(pipeline));
  const operations = [...new Set(timings.flatMap((rows) => [...rows.keys()]))].sort(
    (a, b) => (timings.at(-1)?.get(b)?.ms ?? 0) - (timings.at(-1)?.get(a)?.ms ?? 0),
  );
  for (const operation of operations) {
    lines.push(
      `| ${operation} | ${timings
        .map((rows) => {
          const row = rows.get(operation);
          return row ? `${formatNumber(row.requests)}, ${formatNumber(row.ms / 1_000, 1)}` : '–';
        })
        .join(' | ')} |`,
    );
  }
  const checks = pairs.flatMap(({ pipeline, floor }) => [pipeline, floor]);
  lines.push(
    '',
    '## Checks',
    '',
    '| run | readings counted | readings in the table / generated | wall time | median tick (write → processed) |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...checks.map((run) => {
      const sorted = [...run.tickLagMs].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
      return `| ${formatNumber(run.sites)} ${run.variant} | ${formatNumber(run.readings)} | ${formatNumber(run.storedInTable)} / ${formatNumber(run.generated)} | ${(run.wallMs / 1_000).toFixed(0)} s | ${(median / 1_000).toFixed(2)} s |`;
    }),
  );
  return `${lines.join('\n')}\n`;
}
