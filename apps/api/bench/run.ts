// `pnpm bench` in apps/api: the query path on a 100,000-reading table in the local emulator.
// Seeds the table (about 30 s), then measures the issue's four items and rewrites the
// `api` section of docs/benchmarks.md. Needs the built zip (turbo runs `build` first).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatNumber, machineStamp, writeBenchSection } from '@energy/bench-kit';
import { startLocalStack } from '@energy/local-stack';
import type { ApiEnvironment } from '../src/environment.js';
import { batchPut, putSummary } from '../tests/helpers/dynamo.js';
import { benchmarkReadings, DATASET } from './dataset.js';
import { measurePageLatency } from './latency.js';
import { runLoad } from './load.js';
import { measureApiOverhead } from './overhead.js';
import { measureAnomalyReadCost, measureSummaryReadCost } from './readCost.js';

const COMMAND = 'pnpm bench (from the repository root; or pnpm --filter @energy/api bench after pnpm build)';
const ZIP = fileURLToPath(new URL('../dist/api.zip', import.meta.url));
// moto is far slower than DynamoDB (before patch 7 of tools/python/moto_patched.py it walked
// every item of the table per Query: 1-2 s at 100,000 items here), so page samples on the
// emulator are few; the API's own cost is measured on many more samples with the Query
// answered instantly.
const SETTINGS = {
  warmup: 5,
  samples: 60,
  overheadWarmup: 200,
  overheadSamples: 3000,
  loadSeconds: 15,
  loadConnections: 3,
} as const;

// One day of the demo: 10 sites × 288 five-minute readings.
const DEMO_READINGS_PER_SITE = 288;

const ms = (value: number) => formatNumber(value, 2);
const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
const log = (message: string) => console.log(`[bench:api] ${message}`);

if (!existsSync(ZIP)) throw new Error(`${ZIP} is missing: run pnpm build first`);

const stack = await startLocalStack({ endpoint: null });
try {
  const env = stack.env();
  const environment: ApiEnvironment = {
    readingsTable: stack.names.readingsTable,
    summaryTable: stack.names.summaryTable,
    cursorSecret: 'bench-cursor-secret-0123456789abcdefghij',
  };

  const readings = benchmarkReadings();
  let started = performance.now();
  await batchPut(stack.clients.documentClient, environment.readingsTable, readings);
  const seedSeconds = (performance.now() - started) / 1000;
  await putSummary(stack.clients.documentClient, environment.summaryTable, readings);
  log(`seeded ${formatNumber(readings.length)} readings in ${formatNumber(seedSeconds, 1)} s`);

  // The handler module reads its settings from the environment at import, as on Lambda.
  Object.assign(process.env, env, {
    READINGS_TABLE: environment.readingsTable,
    SUMMARY_TABLE: environment.summaryTable,
    CURSOR_SECRET: environment.cursorSecret,
    // One JSON line per request to the terminal would dominate what is measured here.
    POWERTOOLS_LOG_LEVEL: 'WARN',
  });
  started = performance.now();
  const latency = await measurePageLatency(env, environment.readingsTable, { ...SETTINGS, progress: log });
  log(
    `page latency: api p99 ${ms(latency.api.p99)} ms, raw p99 ${ms(latency.raw.p99)} ms (${formatNumber((performance.now() - started) / 1000, 1)} s)`,
  );

  const firstPage = readings.filter((r) => r.site_id === 'site1').slice(0, 100);
  const overhead = await measureApiOverhead(firstPage, environment, {
    warmup: SETTINGS.overheadWarmup,
    samples: SETTINGS.overheadSamples,
  });
  log(`api overhead: p50 ${ms(overhead.p50)} ms, p99 ${ms(overhead.p99)} ms`);

  const anomalies = await measureAnomalyReadCost(env, environment, 'site1');
  log(
    `anomalies: ${anomalies.anomalies} returned, ${anomalies.paginatedRoute} read by the route, ${anomalies.queryThenFilter} by query-then-filter`,
  );

  const range = { from: '2025-01-02', to: '2025-01-31' };
  const summaryDay = await measureSummaryReadCost(env, environment, { ...range, bucket: 'day' });
  const summaryHour = await measureSummaryReadCost(env, environment, { ...range, bucket: 'hour' });
  log(
    `summary: ${summaryDay.aggregatesRead} aggregates (day), ${summaryHour.aggregatesRead} aggregates (hour)`,
  );

  const loadOptions = { durationSeconds: SETTINGS.loadSeconds, connections: SETTINGS.loadConnections };
  const load = await runLoad(
    stack,
    { readingsPerSite: DATASET.readingsPerSite, summary: { ...range, bucket: 'day' } },
    loadOptions,
  );
  log(
    `load (100k): ${formatNumber(load.requestsPerSecond, 1)} req/s, p99 ${load.p99} ms, non-2xx ${load.non2xx}`,
  );

  // The same run on a table the size of one demo day, where the emulator weighs less.
  const demo = await startLocalStack({ endpoint: null });
  let demoLoad: Awaited<ReturnType<typeof runLoad>>;
  try {
    const demoReadings = benchmarkReadings(DEMO_READINGS_PER_SITE);
    await batchPut(demo.clients.documentClient, demo.names.readingsTable, demoReadings);
    await putSummary(demo.clients.documentClient, demo.names.summaryTable, demoReadings);
    demoLoad = await runLoad(
      demo,
      {
        readingsPerSite: DEMO_READINGS_PER_SITE,
        summary: { from: '2025-01-01', to: '2025-01-01', bucket: 'hour' },
      },
      loadOptions,
    );
  } finally {
    await demo.stop();
  }
  log(
    `load (demo day): ${formatNumber(demoLoad.requestsPerSecond, 1)} req/s, p99 ${demoLoad.p99} ms, non-2xx ${demoLoad.non2xx}`,
  );

  const ratio = latency.api.p99 / latency.raw.p99;
  const perAnomaly = (read: number) => formatNumber(read / anomalies.anomalies, 3);
  const summaryRow = (s: typeof summaryDay) =>
    `| ${s.bucket} | ${s.sites} | ${s.buckets} | ${formatNumber(s.sites * s.buckets)} | **${formatNumber(s.aggregatesRead)}** | ${s.registryRead} | ${formatNumber(s.readingsCovered)} | ${verdict(s.aggregatesRead <= s.sites * s.buckets)} |`;
  const loadRow = (name: string, l: typeof load) =>
    `| ${name} | ${formatNumber(l.requests)} | ${formatNumber(l.requestsPerSecond, 1)} | ${l.p50} | ${l.p99} | ${l.non2xx} | ${l.errors} |`;

  writeBenchSection(
    'api',
    `## Query API (apps/api)

Measured ${new Date().toISOString()} on ${machineStamp()}.
Command: \`${COMMAND}\`

Data: ${formatNumber(readings.length)} readings (${DATASET.sites} sites × ${formatNumber(DATASET.readingsPerSite)}, one per site every 5 minutes from ${DATASET.start}, each value −1 with probability ${DATASET.faultProbability} as the original generator) and their hour/day aggregates, in a private moto server on 127.0.0.1 (seeded in ${formatNumber(seedSeconds, 1)} s). Absolute times are the emulator's; the goals judge ratios and counts measured in the same run.

### 1. A 100-item page: API handler vs the raw DynamoDB Query

${latency.samples} pages on the emulator (random site and offset, ${SETTINGS.warmup} warm-up rounds discarded), each read both ways in alternating order. "API" is the Lambda entry point (\`src/handler.ts\`) called with an API Gateway payload 2.0 event (validation, cursor, Query, JSON, result); "raw" is the same Query sent with the same client factory. Request logging at WARN. moto serves a Query far slower than DynamoDB, so here both are dominated by the emulator (and with ${latency.samples} samples p99 is the slowest one).

| way | p50 ms | p99 ms | mean ms |
| --- | ---: | ---: | ---: |
| API handler \`GET /v1/sites/{site_id}/readings?limit=100\` | ${ms(latency.api.p50)} | ${ms(latency.api.p99)} | ${ms(latency.api.mean)} |
| raw \`Query\` (Limit 100) | ${ms(latency.raw.p50)} | ${ms(latency.raw.p99)} | ${ms(latency.raw.mean)} |

API p99 / raw p99 = **${formatNumber(ratio, 2)}×** (goal ≤ 1.5×: ${verdict(ratio <= 1.5)}).

What the API adds, without any DynamoDB time: the same composition as the handler (\`handle(createApp(…))\`) over a client that answers the Query instantly with a stored 100-item page, ${formatNumber(SETTINGS.overheadSamples)} samples after ${SETTINGS.overheadWarmup} warm-up:

| API's own cost per page | p50 ms | p99 ms | mean ms |
| --- | ---: | ---: | ---: |
| event → validation → Query (instant) → cursor → JSON → result | ${ms(overhead.p50)} | ${ms(overhead.p99)} | ${ms(overhead.mean)} |

### 2. Anomalies of a site: items read per anomaly returned

${anomalies.site}: ${formatNumber(anomalies.readings)} readings, ${formatNumber(anomalies.anomalies)} anomalies. Items read = DynamoDB \`ScannedCount\` summed over every page.

| way | items read | per anomaly returned |
| --- | ---: | ---: |
| \`GET /v1/sites/${anomalies.site}/anomalies\` (sparse index, all pages of 1000) | ${formatNumber(anomalies.paginatedRoute)} | **${perAnomaly(anomalies.paginatedRoute)}** |
| \`GET /fetchanomalies?site_id=${anomalies.site}\` (same index) | ${formatNumber(anomalies.compatibleRoute)} | ${perAnomaly(anomalies.compatibleRoute)} |
| original: Query the site, filter \`anomaly == true\` in code | ${formatNumber(anomalies.queryThenFilter)} | ${perAnomaly(anomalies.queryThenFilter)} |

Goal 1.0: ${verdict(anomalies.paginatedRoute === anomalies.anomalies)}.

### 3. Summary over 30 days for 10 sites: items read

\`GET /v1/summary?from=${range.from}&to=${range.to}&bucket=…\`: the fleet from the contribution heads and the summarizer's day records, the page of sites from its per-site rollups (one Query per shard), plus the registry (see the fleet-views section for 1,000 and 10,000 sites).

| bucket | sites | buckets | sites × buckets | aggregate items read | registry items read | readings covered | goal: aggregates read ≤ sites × buckets |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |
${summaryRow(summaryDay)}
${summaryRow(summaryHour)}

### 4. Bounded load on loopback

autocannon, ${load.connections} connections for ${load.durationSeconds} s each (30 s request timeout) against the built \`api.zip\` run by the local stack's Lambda runtime behind its HTTP API adapter on 127.0.0.1, cycling ${load.paths.length} valid requests (health, sites, a summary, a 100-item page and the 20 latest anomalies of each site, a compatible /fetchrecords); once on the 100,000-reading table, once on a table of one demo day (${formatNumber(DEMO_READINGS_PER_SITE * DATASET.sites)} readings).

| table | requests | requests/s | p50 ms | p99 ms | non-2xx | errors + timeouts |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${loadRow('100,000 readings', load)}
${loadRow(`one demo day (${formatNumber(DEMO_READINGS_PER_SITE * DATASET.sites)} readings)`, demoLoad)}

No non-2xx answer to a valid request: ${verdict(load.non2xx + load.errors + demoLoad.non2xx + demoLoad.errors === 0)}. Throughput and latency are the emulator's: moto serialises requests and is far slower than DynamoDB; the API's own cost is in section 1.
`,
  );
  log('wrote the api section of docs/benchmarks.md');
} finally {
  await stack.stop();
}

// The fleet views at 10 / 1,000 / 10,000 sites and the dashboard's load time: their own section.
await import('./fleet.js');
