import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ReadingItem } from '@energy/core';
import { mockClient } from 'aws-sdk-client-mock';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { createApp } from '../src/app.js';
import type { ApiEnvironment } from '../src/environment.js';
import { httpApiEvent, lambdaContext } from '../tests/helpers/events.js';
import { type LatencyStats, latencyStats } from './latency.js';

/**
 * The API's own cost per 100-item page, without DynamoDB: the same composition as
 * `src/handler.ts` (`handle(createApp(...))`, API Gateway event in, result out) over a
 * client that answers the Query instantly with a stored page (aws-sdk-client-mock).
 * This is what the API adds on top of whatever the Query costs.
 */
export function measureApiOverhead(
  page: readonly ReadingItem[],
  environment: ApiEnvironment,
  options: { warmup: number; samples: number },
): Promise<LatencyStats> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  const last = page.at(-1);
  mockClient(client)
    .on(QueryCommand)
    .resolves({
      Items: [...page],
      Count: page.length,
      ScannedCount: page.length,
      LastEvaluatedKey: last ? { site_id: last.site_id, timestamp: last.timestamp } : undefined,
    });
  const handler = handle(createApp({ client, environment, logger: new Logger({ logLevel: 'WARN' }) }));
  const site = page[0]?.site_id ?? 'site1';
  const run = async () => {
    const samples: number[] = [];
    for (let round = 0; round < options.warmup + options.samples; round++) {
      const started = performance.now();
      const result = await handler(
        // Hono declares its own copy of the payload 2.0 event type; the shapes are the same.
        httpApiEvent(`/v1/sites/${site}/readings`, {
          rawQueryString: 'from=2025-01-01&to=2025-02-28&limit=100',
        }) as unknown as LambdaEvent,
        lambdaContext(),
      );
      const elapsed = performance.now() - started;
      if (result.statusCode !== 200) throw new Error(`overhead page: status ${result.statusCode}`);
      if (round >= options.warmup) samples.push(elapsed);
    }
    return latencyStats(samples);
  };
  return run();
}
