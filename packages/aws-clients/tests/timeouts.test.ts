import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { FaultProxy } from '@energy/fault-proxy';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CALL_TIMEOUTS } from '../src/constants.js';
import { createDynamoDocumentClient } from '../src/dynamodb.js';
import { timeoutHandler } from '../src/endpoint.js';

// A stalling TCP proxy in front of a minimal DynamoDB stand-in (it answers every call with
// an empty JSON object, which GetItem reads as "no item"): the SDK's real HTTP stack, retry
// and timeouts are exercised; only the service is a stand-in, as the behaviour under test is
// the client's. Short timeouts keep the test fast; the production values are checked apart.

let upstream: Server;
let proxy: FaultProxy;
let served = 0;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      served++;
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  proxy = await FaultProxy.start(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
});

afterEach(() => {
  proxy.clear();
  served = 0;
});

afterAll(async () => {
  await proxy.stop();
  upstream.closeAllConnections();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

function client(maxAttempts: number) {
  return createDynamoDocumentClient(
    {
      maxAttempts,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      requestHandler: timeoutHandler({ connectionMs: 500, requestMs: 300, socketIdleMs: 300 }),
    },
    { AWS_ENDPOINT_URL: proxy.endpoint, AWS_REGION: 'us-east-1' },
  );
}

const get = new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } });

describe('Function: timeoutHandler', () => {
  it('fails a stalled call with a TimeoutError instead of hanging, after every attempt stalled', async () => {
    // Prepare
    proxy.add({ kind: 'stall', when: 'before' });
    const ddb = client(2);

    // Act
    const error = await ddb.send(get).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    ddb.destroy();

    // Assess
    expect(error).toMatchObject({ name: 'TimeoutError', $metadata: { attempts: 2 } });
    expect(proxy.stats.stalled).toBeGreaterThanOrEqual(2);
    expect(served).toBe(0);
  });

  it('retries a stalled call: the next attempt succeeds', async () => {
    // Prepare: only the first request stalls.
    proxy.add({ kind: 'stall', when: 'before', limit: 1 });
    const ddb = client(3);

    // Act
    const output = await ddb.send(get);
    ddb.destroy();

    // Assess
    expect(output.$metadata.attempts).toBe(2);
    expect(served).toBe(1);
  });

  it('fails a call whose answer stops mid-way (stall after the service answered)', async () => {
    // Prepare
    proxy.add({ kind: 'stall', when: 'after' });
    const ddb = client(1);

    // Act
    const error = await ddb.send(get).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    ddb.destroy();

    // Assess: the service did the work; the caller is told it timed out.
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(served).toBe(1);
  });
});

describe('Constant: CALL_TIMEOUTS', () => {
  it.each(Object.entries({ function: 30, api: 10 }))(
    'lets a %s call stall on every attempt and still end before a %i s timeout',
    (kind, timeoutSeconds) => {
      const timeouts = CALL_TIMEOUTS[kind as keyof typeof CALL_TIMEOUTS];
      // 3 attempts, each ended by the connection or the idle timeout, plus ~1 s of SDK backoff.
      const worstMs = 3 * Math.max(timeouts.socketIdleMs, timeouts.connectionMs) + 1_000;
      expect(worstMs).toBeLessThan(timeoutSeconds * 1_000);
    },
  );

  it('leaves the tooling clients (large uploads to a loaded emulator) without a cap on the whole call', async () => {
    const config = await (
      timeoutHandler(CALL_TIMEOUTS.tooling) as unknown as { configProvider: Promise<Record<string, unknown>> }
    ).configProvider;
    expect(config.requestTimeout).toBeUndefined();
    expect(config.socketTimeout).toBe(60_000);
  });

  it('sets throwOnRequestTimeout, without which requestTimeout only logs a warning', async () => {
    const handler = timeoutHandler(CALL_TIMEOUTS.api);
    // The handler keeps its resolved settings in a promise; reading it needs no call.
    const config = await (handler as unknown as { configProvider: Promise<Record<string, unknown>> })
      .configProvider;
    expect(config).toMatchObject({
      requestTimeout: 2_500,
      throwOnRequestTimeout: true,
      socketTimeout: 2_500,
    });
  });
});
