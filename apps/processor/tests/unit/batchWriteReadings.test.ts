// aws-sdk-client-mock here because the emulator never produces these: moto always processes
// every item of a BatchWriteItem (no UnprocessedItems) and never throttles.
import { DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyFailure, TransientIngestError, UnwrittenReadingsError } from '../../src/errors.js';
import { batchWriteReadings } from '../../src/ingest/batchWriteReadings.js';
import { readingItems } from '../helpers/factories.js';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddbMock = mockClient(ddb);
const TABLE = 'test-readings';

type Request = { PutRequest: { Item: { timestamp: string } } };
const requestsOf = (call: number): Request[] =>
  (ddbMock.commandCalls(BatchWriteCommand)[call]?.args[0].input.RequestItems?.[TABLE] ?? []) as Request[];

afterEach(() => {
  ddbMock.reset();
});

describe('Function: batchWriteReadings', () => {
  it('writes 25 items per call', async () => {
    // Prepare
    ddbMock.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });
    const items = readingItems(60);

    // Act
    await batchWriteReadings(ddb, items, { tableName: TABLE });

    // Assess
    const sizes = ddbMock
      .commandCalls(BatchWriteCommand)
      .map((call) => call.args[0].input.RequestItems?.[TABLE]?.length);
    expect(sizes).toStrictEqual([25, 25, 10]);
    const written = [0, 1, 2].flatMap((call) => requestsOf(call).map((r) => r.PutRequest.Item.timestamp));
    expect(written.sort()).toStrictEqual(items.map((item) => item.timestamp).sort());
  });

  it('retries UnprocessedItems with growing jittered waits until all are written', async () => {
    // Prepare: DynamoDB accepts 20 of 25, then 3 of the remaining 5, then the last 2.
    const items = readingItems(25);
    const asRequests = (slice: typeof items) => slice.map((Item) => ({ PutRequest: { Item } }));
    ddbMock
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: asRequests(items.slice(20)) } })
      .resolvesOnce({ UnprocessedItems: { [TABLE]: asRequests(items.slice(23)) } })
      .resolves({ UnprocessedItems: {} });
    const waits: number[] = [];

    // Act
    await batchWriteReadings(ddb, items, {
      tableName: TABLE,
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0.5,
    });

    // Assess: only the unprocessed ones are resent; waits are half of 50·2^1 and 50·2^2.
    expect(requestsOf(0).length).toBe(25);
    expect(requestsOf(1).map((r) => r.PutRequest.Item.timestamp)).toStrictEqual(
      items.slice(20).map((item) => item.timestamp),
    );
    expect(requestsOf(2).map((r) => r.PutRequest.Item.timestamp)).toStrictEqual(
      items.slice(23).map((item) => item.timestamp),
    );
    expect(waits).toStrictEqual([50, 100]);
  });

  it('fails with UnwrittenReadingsError (transient) when items stay unprocessed after the last attempt', async () => {
    // Prepare
    const items = readingItems(3);
    ddbMock
      .on(BatchWriteCommand)
      .resolves({ UnprocessedItems: { [TABLE]: items.slice(1).map((Item) => ({ PutRequest: { Item } })) } });

    // Act
    const outcome = batchWriteReadings(ddb, items, {
      tableName: TABLE,
      maxAttempts: 4,
      sleep: async () => {},
    });

    // Assess
    await expect(outcome).rejects.toThrow(UnwrittenReadingsError);
    await expect(outcome).rejects.toThrow(
      '2 reading(s) still unprocessed by DynamoDB after 4 BatchWriteItem attempts',
    );
    expect(ddbMock.commandCalls(BatchWriteCommand).length).toBe(4);
    const failure = await outcome.catch((error: unknown) => classifyFailure(error));
    expect(failure).toBeInstanceOf(TransientIngestError);
  });

  it('lets a throttling exception through, classified transient, so that the message is retried', async () => {
    // Prepare
    ddbMock.on(BatchWriteCommand).rejects(
      new ProvisionedThroughputExceededException({
        message: 'Rate of requests exceeds the allowed throughput',
        $metadata: {},
      }),
    );

    // Act
    const failure = await batchWriteReadings(ddb, readingItems(30), { tableName: TABLE }).catch(
      (error: unknown) => classifyFailure(error),
    );

    // Assess
    expect(failure).toBeInstanceOf(TransientIngestError);
    expect((failure as Error).cause).toBeInstanceOf(ProvisionedThroughputExceededException);
  });
});
