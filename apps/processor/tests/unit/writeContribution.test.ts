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
