import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoDocumentClient } from '@energy/aws-clients/dynamodb';
import { percentile } from '@energy/bench-kit';
import { httpApiEvent, lambdaContext } from '../tests/helpers/events.js';
import { DATASET, prng, readingTime } from './dataset.js';

/** Latency percentiles of one way of reading a page, in milliseconds. */
export type LatencyStats = { p50: number; p99: number; mean: number };

/** Result of the page-latency comparison. */
export type PageLatency = {
  /** Pages measured per way. */
  samples: number;
  /** Through the Lambda handler (API Gateway event in, result out). */
  api: LatencyStats;
  /** The same DynamoDB Query sent directly. */
  raw: LatencyStats;
};

const PAGE = 100;

/** p50, p99 and mean of latency samples in ms. */
export function latencyStats(samples: readonly number[]): LatencyStats {
  return {
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
  };
}

/**
 * p50/p99 of a 100-item page through the Lambda handler against the raw DynamoDB Query
 * for the same page. The two alternate (which goes first flips every round) so both see
 * the same emulator and machine noise. `process.env` must already hold the
 * handler's variables; `env` points the raw client at the emulator.
 */
export async function measurePageLatency(
  env: Record<string, string>,
  table: string,
  options: { warmup: number; samples: number; progress?: (message: string) => void },
): Promise<PageLatency> {
  const { handler } = await import('../src/handler.js');
  const client = createDynamoDocumentClient({}, env);
  const random = prng(7);

  const page = () => {
    const site = `site${1 + Math.floor(random() * DATASET.sites)}`;
    const first = Math.floor(random() * (DATASET.readingsPerSite - PAGE));
    return { site, from: readingTime(first), to: readingTime(first + PAGE - 1) };
  };
  const viaApi = async ({ site, from, to }: ReturnType<typeof page>) => {
    const started = performance.now();
    const result = await handler(
      httpApiEvent(`/v1/sites/${site}/readings`, { rawQueryString: `from=${from}&to=${to}&limit=${PAGE}` }),
      lambdaContext(),
    );
    const elapsed = performance.now() - started;
    const items = (JSON.parse(result.body) as { items?: unknown[] }).items;
    if (result.statusCode !== 200 || items?.length !== PAGE) {
      throw new Error(`API page: status ${result.statusCode}, ${items?.length} items`);
    }
    return elapsed;
  };
  const viaRaw = async ({ site, from, to }: ReturnType<typeof page>) => {
    const started = performance.now();
    const output = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: '#pk = :site AND #ts BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': 'site_id', '#ts': 'timestamp' },
        ExpressionAttributeValues: { ':site': site, ':from': from, ':to': to },
        Limit: PAGE,
      }),
    );
    const elapsed = performance.now() - started;
    if (output.Items?.length !== PAGE) throw new Error(`raw page: ${output.Items?.length} items`);
    return elapsed;
  };

  const api: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < options.warmup + options.samples; round++) {
    const target = page();
    const [first, second] = round % 2 === 0 ? [viaApi, viaRaw] : [viaRaw, viaApi];
    const a = await first(target);
    const b = await second(target);
    if (round % 200 === 0) options.progress?.(`round ${round}`);
    if (round < options.warmup) continue;
    api.push(first === viaApi ? a : b);
    raw.push(first === viaApi ? b : a);
  }
  client.destroy();
  return { samples: options.samples, api: latencyStats(api), raw: latencyStats(raw) };
}
