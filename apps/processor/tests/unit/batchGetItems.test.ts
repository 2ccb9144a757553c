// aws-sdk-client-mock because the emulator never answers with UnprocessedKeys.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { TransientIngestError } from '../../src/errors.js';
import { batchGetItems } from '../../src/ingest/batchGetItems.js';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddbMock = mockClient(ddb);
const keys = (count: number) => Array.from({ length: count }, (_, i) => ({ pk: `p${i}`, sk: 's' }));

afterEach(() => {
  ddbMock.reset();
});

describe('Function: batchGetItems', () => {
  it('asks 100 keys per call, consistently, and retries the unprocessed ones', async () => {
    // Prepare
    ddbMock
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { t: [{ pk: 'p0', sk: 's', v: 0 }] },
        UnprocessedKeys: { t: { Keys: [{ pk: 'p1', sk: 's' }] } },
      })
      .resolves({ Responses: { t: [{ pk: 'p1', sk: 's', v: 1 }] } });

    // Act
    const found = await batchGetItems(ddb, 't', keys(2), { sleep: async () => {} });

    // Assess
    expect([...found.entries()]).toStrictEqual([
      ['p0\u0000s', { pk: 'p0', sk: 's', v: 0 }],
      ['p1\u0000s', { pk: 'p1', sk: 's', v: 1 }],
    ]);
    const inputs = ddbMock.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems?.t);
    expect(inputs).toStrictEqual([
      { Keys: keys(2), ConsistentRead: true },
      { Keys: [{ pk: 'p1', sk: 's' }], ConsistentRead: true },
    ]);
  });

  it('splits 250 keys into calls of 100, 100 and 50', async () => {
    // Prepare
    ddbMock.on(BatchGetCommand).resolves({ Responses: { t: [] } });

    // Act
    await batchGetItems(ddb, 't', keys(250));

    // Assess
    const sizes = ddbMock
      .commandCalls(BatchGetCommand)
      .map((c) => c.args[0].input.RequestItems?.t?.Keys?.length);
    expect(sizes.sort()).toStrictEqual([100, 100, 50].sort());
  });

  it('fails as transient when keys stay unprocessed', async () => {
    // Prepare
    ddbMock.on(BatchGetCommand).resolves({ UnprocessedKeys: { t: { Keys: [{ pk: 'p0', sk: 's' }] } } });

    // Act
    const outcome = batchGetItems(ddb, 't', keys(1), { maxAttempts: 3, sleep: async () => {} });

    // Assess
    await expect(outcome).rejects.toThrow(TransientIngestError);
    await expect(outcome).rejects.toThrow('1 key(s) still unprocessed after 3 BatchGetItem attempts');
  });
});
