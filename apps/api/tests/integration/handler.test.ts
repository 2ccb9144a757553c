import { type LocalStack, startLocalStack } from '@energy/local-stack';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { handler as Handler } from '../../src/handler.js';
import type { ErrorBody } from '../helpers/app.js';
import { seed } from '../helpers/dynamo.js';
import { httpApiEvent, lambdaContext } from '../helpers/events.js';
import { readingSeries } from '../helpers/readings.js';

// The Lambda entry point as API Gateway HTTP API invokes it (payload 2.0), with its
// module-scope client built from the environment, against the emulator.

let stack: LocalStack;
let handler: typeof Handler;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  stack = await startLocalStack();
  await seed(
    stack.clients.documentClient,
    { readingsTable: stack.names.readingsTable, summaryTable: stack.names.summaryTable },
    readingSeries({ site: 'site1', count: 5, anomalyEvery: 2 }),
  );
  for (const [name, value] of Object.entries(stack.env())) vi.stubEnv(name, value);
  vi.stubEnv('READINGS_TABLE', stack.names.readingsTable);
  vi.stubEnv('SUMMARY_TABLE', stack.names.summaryTable);
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
  // Powertools writes one JSON object per line to stdout: keep the ones about requests.
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
    const text = String(chunk);
    if (text.startsWith('{') && text.includes('"energy-api"')) {
      logLines.push(JSON.parse(text) as Record<string, unknown>);
      return true;
    }
    return write(chunk, ...(rest as []));
  });
  ({ handler } = await import('../../src/handler.js'));
});
afterAll(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await stack?.stop();
});

describe('Function: handler', () => {
  it('answers a payload 2.0 event with the route’s JSON', async () => {
    // Act
    const result = await handler(
      httpApiEvent('/v1/sites/site1/anomalies', { rawQueryString: 'limit=10' }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(result.body) as { items: { timestamp: string }[]; next_cursor: null };
    expect(body.items.map((r) => r.timestamp)).toStrictEqual([
      '2025-02-16T00:00:00.000Z',
      '2025-02-16T00:02:00.000Z',
      '2025-02-16T00:04:00.000Z',
    ]);
    expect(body.next_cursor).toBeNull();
  });

  it('puts API Gateway’s request id in errors and x-request-id', async () => {
    // Act
    const result = await handler(
      httpApiEvent('/v1/sites/site1/readings', { rawQueryString: 'limit=0', requestId: 'Abc123RequestId=' }),
      lambdaContext(),
    );

    // Assess
    const body = JSON.parse(result.body) as ErrorBody;
    expect(result.statusCode).toBe(400);
    expect(result.headers?.['x-request-id']).toBe('Abc123RequestId=');
    expect(body.error.requestId).toBe('Abc123RequestId=');
    expect(body.error.parameter).toBe('limit');
  });

  it('answers an unknown route with a JSON 404 and a wrong method with 405', async () => {
    // Act
    const missing = await handler(httpApiEvent('/fetch'), lambdaContext());
    const wrongMethod = await handler(httpApiEvent('/fetchall', { method: 'DELETE' }), lambdaContext());

    // Assess
    expect(missing.statusCode).toBe(404);
    expect((JSON.parse(missing.body) as ErrorBody).error.code).toBe('not_found');
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers?.allow).toBe('GET, HEAD');
  });

  it.each([
    ['TRACE', '/health', 405],
    ['TRACK', '/fetchall', 405],
    ['TRACE', '/nope', 404],
  ])(
    'answers %s %s, a method the Fetch API cannot carry, with a JSON %i and the request id',
    async (method, path, status) => {
      // Act
      const result = await handler(
        httpApiEvent(path, { method, requestId: 'TraceRequestId=' }),
        lambdaContext(),
      );

      // Assess
      const body = JSON.parse(result.body) as ErrorBody;
      expect(result.statusCode).toBe(status);
      expect(result.headers?.['content-type']).toBe('application/json');
      expect(result.headers?.['x-request-id']).toBe('TraceRequestId=');
      expect(body.error.requestId).toBe('TraceRequestId=');
      if (status === 405) expect(result.headers?.Allow).toBe('GET, HEAD');
    },
  );

  it('answers an unknown asset with a JSON 404, not 405 (the route exists, the file does not)', async () => {
    // Act
    const result = await handler(httpApiEvent('/assets/nope-1234.js'), lambdaContext());

    // Assess
    expect(result.statusCode).toBe(404);
    expect(JSON.parse(result.body)).toMatchObject({
      error: { code: 'not_found', requestId: expect.any(String) },
    });
  });

  it('serves /docs with a content security policy, nosniff, no framing and no referrer', async () => {
    // Act
    const result = await handler(httpApiEvent('/docs'), lambdaContext());

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers).toMatchObject({
      'content-security-policy': expect.stringContaining("default-src 'none'"),
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
    expect(result.headers?.['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('logs one Powertools line per request with request id, route, status, latency and the Lambda context', async () => {
    // Prepare
    logLines.length = 0;

    // Act
    await handler(httpApiEvent('/v1/sites', { requestId: 'LogMe=' }), lambdaContext());

    // Assess
    const lines = logLines.filter((l) => l.message === 'request');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      service: 'energy-api',
      requestId: 'LogMe=',
      method: 'GET',
      route: '/v1/sites',
      status: 200,
      function_request_id: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
      function_name: 'energy-test-api',
    });
    expect(lines[0]?.latencyMs).toEqual(expect.any(Number));
  });
});
