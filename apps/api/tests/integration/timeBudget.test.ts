import { FaultProxy } from '@energy/fault-proxy';
import { type LocalRuntime, type LocalStack, startLocalRuntime, startLocalStack } from '@energy/local-stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../helpers/app.js';
import { seed } from '../helpers/dynamo.js';
import { readingSeries } from '../helpers/readings.js';

// The built api zip behind the local HTTP API (API Gateway's payload 2.0 and its 500 for a
// function that fails or times out), its DynamoDB calls through a fault proxy. The function
// keeps its deployed 10 s timeout: a 503 here (not a 500) shows the API answered inside it.

let stack: LocalStack;
let proxy: FaultProxy;
let runtime: LocalRuntime;
let url: string;

beforeAll(async () => {
  stack = await startLocalStack({ endpoint: null });
  await seed(
    stack.clients.documentClient,
    { readingsTable: stack.names.readingsTable, summaryTable: stack.names.summaryTable },
    readingSeries({ site: 'site1', count: 5, anomalyEvery: 2 }),
  );
  proxy = await FaultProxy.start(stack.endpoint);
  runtime = await startLocalRuntime(
    { ...stack, endpoint: proxy.endpoint },
    { processor: false, generator: false, apiPort: 0, logLevel: 'ERROR' },
  );
  url = runtime.http?.url ?? '';
});

afterAll(async () => {
  await runtime?.stop();
  await proxy?.stop();
  await stack?.stop();
});

describe('The API under a stalled DynamoDB', () => {
  it.each(['/fetchall', '/v1/sites/site1/readings'])(
    'GET %s answers the documented 503 with a request id and Retry-After, not a 500',
    async (path) => {
      // Prepare: every DynamoDB call hangs: connection open, no answer.
      proxy.add({ kind: 'stall', when: 'before', match: FaultProxy.service('dynamodb') });

      // Act
      const res = await fetch(`${url}${path}`);
      const body = (await res.json()) as ErrorBody;
      proxy.clear();

      // Assess
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(body.error).toMatchObject({
        code: 'service_unavailable',
        requestId: res.headers.get('x-request-id'),
      });
      expect(body.error.requestId).toEqual(expect.any(String));
    },
  );

  it('answers again once the stall is over: one stalled call does not poison the function', async () => {
    // Act
    const res = await fetch(`${url}/v1/sites/site1/readings`);

    // Assess
    expect(res.status).toBe(200);
    expect(((await res.json()) as { items: unknown[] }).items.length).toBe(5);
  });

  it('retries a call whose first attempt stalls and answers 200', async () => {
    // Prepare
    proxy.add({
      kind: 'stall',
      when: 'before',
      match: [FaultProxy.service('dynamodb'), FaultProxy.firstAttempt],
    });

    // Act
    const res = await fetch(`${url}/v1/sites/site1/readings`);

    // Assess
    expect(res.status).toBe(200);
    expect(proxy.stats.stalled).toBeGreaterThanOrEqual(1);
  });
});
