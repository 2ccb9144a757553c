import { Writable } from 'node:stream';
import type { LocalStack } from '@energy/local-stack';
import { startLocalRuntime } from '@energy/local-stack';
import autocannon from 'autocannon';
import { readingTime } from './dataset.js';

/** Result of the bounded load run. */
export type LoadResult = {
  /** Seconds the run lasted. */
  durationSeconds: number;
  /** Concurrent connections. */
  connections: number;
  /** Requests completed. */
  requests: number;
  /** Mean requests per second. */
  requestsPerSecond: number;
  /** Latency percentiles, ms. */
  p50: number;
  p99: number;
  /** Answers outside 2xx (all requests are valid, so the goal is 0). */
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Request paths cycled through. */
  paths: string[];
};

/** What the load run reads: how many readings each site has, and the summary's range. */
export type LoadData = {
  /** Readings per site (pages are taken within them). */
  readingsPerSite: number;
  /** `from`, `to` and `bucket` of the summary request. */
  summary: { from: string; to: string; bucket: 'hour' | 'day' };
};

/** Valid requests of a dashboard-like mix, cycled by every connection. */
function loadPaths(data: LoadData): string[] {
  const { from, to, bucket } = data.summary;
  const paths = ['/health', '/v1/sites', `/v1/summary?from=${from}&to=${to}&bucket=${bucket}`];
  for (let site = 1; site <= 10; site++) {
    const first = (site * 700) % (data.readingsPerSite - 100);
    paths.push(
      `/v1/sites/site${site}/readings?from=${readingTime(first)}&to=${readingTime(first + 99)}&limit=100`,
    );
    paths.push(`/v1/sites/site${site}/anomalies?order=desc&limit=20`);
  }
  paths.push(`/fetchrecords?site_id=site3&start_date=${readingTime(100)}&end_date=${readingTime(149)}`);
  return paths;
}

/**
 * A fixed-duration autocannon run on 127.0.0.1 against the built api zip, hosted by the
 * local stack's Lambda runtime behind its HTTP API (payload 2.0) adapter, as `make demo` serves it.
 */
export async function runLoad(
  stack: LocalStack,
  data: LoadData,
  options: { durationSeconds: number; connections: number },
): Promise<LoadResult> {
  // The function's log lines are part of its cost; write them nowhere.
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const runtime = await startLocalRuntime(stack, {
    processor: false,
    generator: false,
    apiPort: 0,
    output: sink,
  });
  try {
    const url = runtime.http?.url;
    if (!url) throw new Error('the local runtime did not start the HTTP API');
    const paths = loadPaths(data);
    // Warm every execution environment first: cold starts are not what this run measures.
    await autocannon({
      url,
      connections: options.connections,
      amount: options.connections * 4,
      requests: paths.map((path) => ({ path })),
    });
    const result = await autocannon({
      url,
      connections: options.connections,
      duration: options.durationSeconds,
      // The emulator's Query scans its whole table: slow answers are expected, lost ones are not.
      timeout: 30,
      requests: paths.map((path) => ({ method: 'GET', path })),
    });
    return {
      durationSeconds: options.durationSeconds,
      connections: options.connections,
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      paths,
    };
  } finally {
    await runtime.stop();
  }
}
