import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  type FilteredLogEvent,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DeleteTopicCommand } from '@aws-sdk/client-sns';
import { baseClientConfig } from '@energy/aws-clients/endpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DUMMY_CREDENTIALS,
  type LocalRuntime,
  type LocalStack,
  REPOSITORY_ROOT,
  startLocalRuntime,
  startLocalStack,
} from '../src/index.js';
import { eventually } from './helpers/sqs.js';

// The saved Logs Insights queries of infra/modules/observability, tried against the groups the
// local runtime writes. moto has no Logs Insights engine (StartQuery ignores filters), so each
// query's filter pattern is tried with FilterLogEvents — the same call as `aws logs
// filter-log-events`. moto matches plain and quoted terms only (other patterns match every
// event), which is why the patterns stay plain terms; the test asserts they select the right lines.
type SavedQuery = {
  name: string;
  functions: ('generator' | 'processor' | 'api' | 'alerter')[];
  query: string;
  filter_pattern: string;
};
const QUERIES = JSON.parse(
  readFileSync(join(REPOSITORY_ROOT, 'infra', 'modules', 'observability', 'queries.json'), 'utf8'),
) as SavedQuery[];

const GOOD_KEY = 'uploads/site1/20250216T213043Z.json';
const BAD_KEY = 'uploads/not-json.json';
const REJECTS_KEY = 'uploads/with-rejects.json';
/** An anomalous reading ten minutes old: settled and inside the alerter's lookback, so it opens an alert. */
const RECENT_KEY = 'uploads/recent.json';

let stack: LocalStack;
let runtime: LocalRuntime;
let logs: CloudWatchLogsClient;
let output = '';

beforeAll(async () => {
  for (const fn of ['processor', 'generator', 'alerter'])
    if (!existsSync(join(REPOSITORY_ROOT, 'apps', fn, 'dist', `${fn}.zip`)))
      throw new Error(`apps/${fn}/dist/${fn}.zip missing; run \`make build\` first`);
  // The per-reading feed on, so that the processor's publish failures are logged as well as the alerter's.
  stack = await startLocalStack({ endpoint: null, settings: { processor: { perReadingAlertFeed: true } } });
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  runtime = await startLocalRuntime(stack, {
    api: false,
    generator: true,
    rateSeconds: 3_600,
    cloudWatchLogs: true,
    output: sink,
    waitTimeSeconds: 1,
  });
  logs = new CloudWatchLogsClient({
    ...baseClientConfig(stack.env()),
    credentials: { ...DUMMY_CREDENTIALS },
  });
  const put = (Key: string, Body: string) =>
    stack.clients.s3.send(new PutObjectCommand({ Bucket: stack.resources.bucket, Key, Body }));
  // Ingested while the topic still exists (its per-reading alert goes out), so its contribution
  // is there for the alerter, whose state change then cannot be published.
  await put(
    RECENT_KEY,
    JSON.stringify({
      site_id: 'site3',
      timestamp: `${new Date(Date.now() - 600_000).toISOString().slice(0, 19)}Z`,
      energy_generated_kwh: -1,
      energy_consumed_kwh: 3,
    }),
  );
  await eventually(
    async () =>
      (await filter([`/aws/lambda/${stack.names.processorFunction}`], `"${RECENT_KEY}"`)).some(
        (event) => JSON.parse(event.message ?? '{}').message === 'file ingested',
      )
        ? true
        : undefined,
    30_000,
    'the recent file ingested',
  );
  // Alerts fail for real: the topic is gone when the anomalous readings arrive, and when the alerter publishes.
  await stack.clients.sns.send(new DeleteTopicCommand({ TopicArn: stack.topicArn }));
  await put(
    GOOD_KEY,
    JSON.stringify({
      site_id: 'site1',
      timestamp: '2025-02-16T21:30:43Z',
      energy_generated_kwh: -1,
      energy_consumed_kwh: 3,
    }),
  );
  await put(BAD_KEY, 'this is not json');
  await put(
    REJECTS_KEY,
    JSON.stringify([
      {
        site_id: 'site2',
        timestamp: '2025-02-16T21:30:43Z',
        energy_generated_kwh: 1,
        energy_consumed_kwh: 2,
      },
      { site_id: 'site2' },
    ]),
  );
  await runtime.functions.generator?.invoke({ scheduledTime: '2025-02-16T21:30:00Z' });
});

afterAll(async () => {
  await runtime?.stop();
  logs?.destroy();
  await stack?.stop();
});

async function filter(groups: string[], pattern: string): Promise<FilteredLogEvent[]> {
  const events: FilteredLogEvent[] = [];
  for (const logGroupName of groups) {
    const answer = await logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern: pattern }));
    events.push(...(answer.events ?? []));
  }
  return events;
}

const groupsOf = (query: SavedQuery) =>
  query.functions.filter((fn) => fn !== 'api').map((fn) => `/aws/lambda/${stack.names[`${fn}Function`]}`);

describe('Local runtime: function logs in the emulator’s CloudWatch Logs', () => {
  it('writes each function’s lines to /aws/lambda/<function>, one stream per run, as Lambda names them', async () => {
    const group = `/aws/lambda/${stack.names.processorFunction}`;
    await eventually(
      async () => ((await filter([group], `"${BAD_KEY}"`)).length > 0 ? true : undefined),
      30_000,
      'processor lines',
    );
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
    expect(streams.logStreams?.map((s) => s.logStreamName)).toStrictEqual([
      expect.stringMatching(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/),
    ]);
  });

  it('runs each saved query’s filter pattern and selects the lines it is about', async () => {
    // Prepare: wait until every file was handled (the rejects file is the last the processor reports).
    const processor = `/aws/lambda/${stack.names.processorFunction}`;
    await eventually(
      async () => ((await filter([processor], '"alerts not published"')).length > 0 ? true : undefined),
      30_000,
      'the alert failure',
    );
    await eventually(
      async () => ((await filter([processor], `"${REJECTS_KEY}"`)).length > 1 ? true : undefined),
      30_000,
      'the rejects file',
    );
    // The alerter, as its schedule would run it, opens site3's alert and cannot publish it.
    await runtime.functions.alerter?.invoke({});
    const alerter = `/aws/lambda/${stack.names.alerterFunction}`;
    await eventually(
      async () => ((await filter([alerter], '"alerts not published"')).length > 0 ? true : undefined),
      30_000,
      "the alerter's failure",
    );
    // The sink flushes every second: let the last lines land.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const byName = new Map(QUERIES.map((query) => [query.name, query]));
    const run = async (name: string, key = '') => {
      const query = byName.get(name) as SavedQuery;
      const events = await filter(groupsOf(query), query.filter_pattern.replace('OBJECT_KEY', key));
      return events.map((event) => event.message ?? '');
    };

    // Act
    const failed = await run('failed-messages-by-reason');
    const quarantined = await run('quarantined-files');
    const alerts = await run('alert-failures');
    const slowest = await run('slowest-invocations');
    const trail = await run('object-key-trail', GOOD_KEY);

    // Assess
    expect(QUERIES.map((query) => query.name).sort()).toStrictEqual([
      'alert-failures',
      'failed-messages-by-reason',
      'object-key-trail',
      'quarantined-files',
      'slowest-invocations',
    ]);
    expect(failed.length).toBeGreaterThan(0);
    for (const line of failed) expect(JSON.parse(line)).toMatchObject({ level: 'ERROR' });
    // The pattern also selects the "file ingested" report of those files (it names its quarantine
    // objects); the saved query narrows to the quarantine messages.
    expect([...new Set(quarantined.map((line) => JSON.parse(line).key))].sort()).toStrictEqual([
      BAD_KEY,
      REJECTS_KEY,
    ]);
    expect(quarantined.map((line) => JSON.parse(line).message)).toEqual(
      expect.arrayContaining([
        'file quarantined whole: it will not be retried',
        'records rejected and quarantined; the valid ones are stored',
      ]),
    );
    expect(alerts.length).toBeGreaterThan(0);
    // Every anomalous file's per-reading alerts fail (the generator's too): each processor line is
    // an ERROR naming its file; the alerter's names the episode it could not announce.
    for (const line of alerts) expect(JSON.parse(line)).toMatchObject({ level: 'ERROR' });
    const [fromAlerter, fromProcessor] = [
      alerts.filter((line) => JSON.parse(line).service === 'energy-alerter'),
      alerts.filter((line) => JSON.parse(line).service === 'energy-processor'),
    ];
    for (const line of fromProcessor) expect(JSON.parse(line)).toMatchObject({ key: expect.any(String) });
    expect(fromProcessor.map((line) => JSON.parse(line).key)).toContain(GOOD_KEY);
    expect(fromAlerter.map((line) => JSON.parse(line))).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ site_id: 'site3', rule: 'NEGATIVE_GENERATION', event: 'opened' }),
      ]),
    );
    expect(fromAlerter.length + fromProcessor.length).toBe(alerts.length);
    expect(slowest.length).toBeGreaterThanOrEqual(2);
    for (const line of slowest)
      expect(line).toMatch(
        /^REPORT RequestId: \S+\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: \d+ MB$/,
      );
    expect(trail.length).toBeGreaterThan(1);
    for (const line of trail) expect(JSON.parse(line).key).toBe(GOOD_KEY);
  });

  it('prints the SDK’s Node-version warning at most once, not once per worker', () => {
    expect(output.match(/NodeVersionSupportWarning/g) ?? []).toHaveLength(0);
    const notices = output.match(/AWS SDK releases after January 2027 require Node/g) ?? [];
    expect(notices.length).toBe(Number(process.versions.node.split('.')[0]) < 22 ? 1 : 0);
  });
});
