// aws-sdk-client-mock here because the emulator never returns UnprocessedItems; the puts
// themselves are exercised on the emulator in tests/integration/contribution.test.ts.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { enrichReading, FileContribution } from '@energy/core';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyFailure, TransientIngestError } from '../../src/errors.js';
import { writeContribution } from '../../src/summary/writeContribution.js';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddbMock = mockClient(ddb);
const TABLE = 'test-summary';
const SOURCE = { bucket: 'raw', key: 'a.json', segment: 0 };
const NOW = () => Date.parse('2025-02-16T21:40:00.000Z');

function contributionOf(sites: number): FileContribution {
  const contribution = new FileContribution();
  for (let i = 0; i < sites; i++) {
    contribution.add(
      enrichReading({
        site_id: `site${i}`,
        timestamp: '2025-02-16T21:35:00.000Z',
        energy_generated_kwh: 10,
        energy_consumed_kwh: 1,
      }),
    );
  }
  return contribution;
}

afterEach(() => {
  ddbMock.reset();
});

describe('Function: writeContribution', () => {
  it('writes nothing for an empty contribution', async () => {
    // Act
    const result = await writeContribution(ddb, TABLE, SOURCE, new FileContribution(), { now: NOW });

    // Assess
    expect(result).toStrictEqual({ items: 0 });
    expect(ddbMock.commandCalls(BatchWriteCommand)).toHaveLength(0);
  });

  it('marks the day of a file processed hours after its readings, in a batch after the heads', async () => {
    // Prepare: readings of 21:35, a version written then, processed four hours later
    ddbMock.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });

    // Act
    await writeContribution(ddb, TABLE, SOURCE, contributionOf(3), {
      now: () => Date.parse('2025-02-17T01:40:00.000Z'),
      ingestedAt: Date.parse('2025-02-16T21:36:00.000Z'),
    });

    // Assess
    const batches = ddbMock
      .commandCalls(BatchWriteCommand)
      .map((call) => (call.args[0].input.RequestItems?.[TABLE] ?? []).map((r) => r.PutRequest?.Item));
    expect(batches).toHaveLength(2);
    expect(batches[0]?.map((item) => [item?.pk, item?.ingested_at])).toStrictEqual([
      ['FLEET#2025-02-16', '2025-02-16T21:36:00.000Z'],
    ]);
    expect(batches[1]).toStrictEqual([
      { pk: 'LATE', sk: '2025-02-16', marked_at: '2025-02-17T01:40:00.000Z' },
    ]);
  });

  it('retries UnprocessedItems until the head is written', async () => {
    // Prepare
    const unprocessed = { [TABLE]: [{ PutRequest: { Item: { pk: 'x', sk: 'y' } } }] };
    ddbMock
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: unprocessed })
      .resolves({ UnprocessedItems: {} });

    // Act
    const result = await writeContribution(ddb, TABLE, SOURCE, contributionOf(10), {
      now: NOW,
      sleep: async () => undefined,
      random: () => 0,
    });

    // Assess
    expect(result).toStrictEqual({ items: 1 });
    expect(ddbMock.commandCalls(BatchWriteCommand)).toHaveLength(2);
  });

  it('throws when the items stay unprocessed, and that failure is transient', async () => {
    // Prepare
    ddbMock.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, unknown> }) => ({
      UnprocessedItems: input.RequestItems,
    }));

    // Act
    const failure = await writeContribution(ddb, TABLE, SOURCE, contributionOf(10), {
      now: NOW,
      sleep: async () => undefined,
    }).catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(Error);
    expect(classifyFailure(failure)).toBeInstanceOf(TransientIngestError);
  });
});
