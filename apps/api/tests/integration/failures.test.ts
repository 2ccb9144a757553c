import { createServer } from 'node:net';
import { DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  QueryCommand,
  ScanCommand,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/lib-dynamodb';
import { type LocalStack, startLocalStack } from '@energy/local-stack';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DataStoreUnavailableError } from '../../src/errors.js';
import { type ErrorBody, getJson, silentLogger, testApp } from '../helpers/app.js';

const DATA_ROUTES = [
  '/fetchrecords?site_id=site1',
  '/fetchanomalies?site_id=site1',
  '/fetchall',
  '/v1/sites',
  '/v1/sites/site1/readings',
  '/v1/sites/site1/anomalies',
  '/v1/readings',
  '/v1/summary?site_id=site1',
  '/v1/summary',
  '/v1/alerts',
  '/v1/alerts?site_id=site1&state=open',
];
type ClientMock = AwsStub<ServiceInputTypes, ServiceOutputTypes, unknown>;

const tables = { readingsTable: 'energy-test-readings', summaryTable: 'energy-test-summary' };

/** A port nothing listens on: bound, then closed. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('DynamoDB unreachable (a dead endpoint, real SDK calls)', () => {
  let client: DynamoDBDocumentClient;

  beforeAll(async () => {
    const port = await deadPort();
    client = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      }),
    );
  });
  afterAll(() => client?.destroy());

  it.each(DATA_ROUTES)('GET %s answers 503 with the request id, and logs the failure', async (path) => {
    // Prepare
    const logger = silentLogger();
    const error = vi.spyOn(logger, 'error');
    const app = testApp(client, tables, { logger });

    // Act
    const { status, body, headers } = await getJson<ErrorBody>(app, path);

    // Assess
    const requestId = headers.get('x-request-id');
    expect(status).toBe(503);
    expect(headers.get('retry-after')).toBe('1');
    expect(body).toStrictEqual({
      error: {
        code: 'service_unavailable',
        message: 'the data store is unavailable; retry later',
        requestId,
      },
    });
    expect(error).toHaveBeenCalledWith('data store unavailable', {
      requestId,
      operation: expect.stringMatching(/^(Query|Scan|GetItem) /),
      error: expect.any(Error),
    });
  });

  it('GET /health does not touch DynamoDB and stays up', async () => {
    // Act
    const { status } = await getJson(testApp(client, tables), '/health');

    // Assess
    expect(status).toBe(200);
  });
});

describe('A table that does not exist (real emulator error)', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack();
  });
  afterAll(() => stack?.stop());

  it('answers 503, not 500', async () => {
    // Prepare: names of tables that were never created.
    const app = testApp(stack.clients.documentClient, {
      readingsTable: 'missing-readings',
      summaryTable: 'missing-summary',
    });

    // Act
    const readings = await getJson<ErrorBody>(app, '/v1/sites/site1/readings');
    const sites = await getJson<ErrorBody>(app, '/v1/sites');

    // Assess
    expect(readings.status).toBe(503);
    expect(sites.status).toBe(503);
  });
});

describe('DynamoDB throttling (mocked: the emulator never throttles)', () => {
  const throttled = new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} });

  it.each([
    ['/fetchall', (mock: ClientMock) => mock.on(ScanCommand).rejects(throttled)],
    ['/v1/sites/site1/readings', (mock: ClientMock) => mock.on(QueryCommand).rejects(throttled)],
    ['/v1/sites', (mock: ClientMock) => mock.on(QueryCommand).rejects(throttled)],
    ['/v1/summary', (mock: ClientMock) => mock.on(QueryCommand).rejects(throttled)],
    ['/v1/alerts', (mock: ClientMock) => mock.on(QueryCommand).rejects(throttled)],
  ])('GET %s answers 503 when DynamoDB throttles', async (path, throttle) => {
    // Prepare: aws-sdk-client-mock stands in only for the throttling answer moto cannot give.
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
    const mock = mockClient(client);
    throttle(mock);
    const logger = silentLogger();
    const error = vi.spyOn(logger, 'error');

    // Act
    const { status, body } = await getJson<ErrorBody>(testApp(client, tables, { logger }), path);

    // Assess
    expect(status).toBe(503);
    expect(body.error.code).toBe('service_unavailable');
    expect(error).toHaveBeenCalledWith(
      'data store unavailable',
      expect.objectContaining({ error: throttled }),
    );
    mock.restore();
  });
});

describe('A bug is a 500 that reveals nothing', () => {
  it('answers internal_error and logs it', async () => {
    // Prepare: a route that throws a programming error.
    const logger = silentLogger();
    const error = vi.spyOn(logger, 'error');
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
    const app = testApp(client, tables, {
      logger,
      registerPages: (pageApp) =>
        pageApp.get('/boom', () => {
          throw new TypeError('undefined is not a function');
        }),
    });

    // Act
    const { status, body } = await getJson<ErrorBody>(app, '/boom');

    // Assess
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('undefined is not a function');
    expect(error).toHaveBeenCalledWith(
      'unexpected error',
      expect.objectContaining({ error: expect.any(TypeError) }),
    );
    expect(new DataStoreUnavailableError('x', {}).name).toBe('DataStoreUnavailableError');
  });
});
