import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type ContributionHead,
  type ContributionPart,
  enrichReading,
  FileContribution,
  unpackSites,
} from '@energy/core';
import { type LocalStack, startLocalStack } from '@energy/local-stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeContribution } from '../../src/summary/writeContribution.js';

// The processor's side of the summary with real SDK calls: what writeContribution puts is what
// a reader finds under the keys the design names, and a redelivery puts the same items again.

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});

afterAll(async () => {
  await stack?.stop();
});

async function query(pk: string): Promise<Record<string, unknown>[]> {
  const { Items } = await stack.clients.documentClient.send(
    new QueryCommand({
      TableName: stack.names.summaryTable,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    }),
  );
  return Items ?? [];
}

describe('Function: writeContribution (on the emulator)', () => {
  it('stores a head and parts for 2,000 sites, and the same items again on redelivery', async () => {
    // Prepare
    const contribution = new FileContribution();
    for (let i = 0; i < 2_000; i++) {
      contribution.add(
        enrichReading({
          site_id: `w${i}`,
          timestamp: '2025-03-01T10:05:00.000Z',
          energy_generated_kwh: i % 7 === 0 ? -1 : 1.5,
          energy_consumed_kwh: 0.5,
        }),
      );
    }
    const source = { bucket: 'raw', key: 'wc/a.json', sequencer: '01', segment: 0 };
    const now = () => Date.parse('2025-03-01T10:06:00.000Z');

    // Act
    const first = await writeContribution(
      stack.clients.documentClient,
      stack.names.summaryTable,
      source,
      contribution,
      {
        now,
      },
    );
    const again = await writeContribution(
      stack.clients.documentClient,
      stack.names.summaryTable,
      source,
      contribution,
      {
        now,
      },
    );

    // Assess
    const heads = (await query('FLEET#2025-03-01')) as ContributionHead[];
    const parts = (await query('SITES#2025-03-01T10')) as ContributionPart[];
    expect(again).toStrictEqual(first);
    expect(heads).toHaveLength(1);
    const [head] = heads;
    expect(head?.count).toBe(2_000);
    expect(head?.excluded).toBe(286);
    expect(head?.generated_kwh).toBe(1.5 * (2_000 - 286));
    expect(first.items).toBe(1 + parts.length);
    expect(parts.every((p) => p.order === head?.order)).toBe(true);
    expect(parts.reduce((n, p) => n + Object.keys(unpackSites(p.site_totals)).length, 0)).toBe(2_000);
  });
});
