// aws-sdk-client-mock to fail a put with an error other than a false condition, which the
// emulator cannot be made to do for one item; false conditions run on the emulator in the
// integration tests (redelivered files, concurrent hour merges).
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { type ConditionalPut, putEachIfCondition } from '../../src/ingest/conditionalPuts.js';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddbMock = mockClient(ddb);

const put = (n: number): ConditionalPut => ({
  TableName: 't',
  Item: { pk: `p${n}`, sk: 's' },
  ConditionExpression: 'attribute_not_exists(pk)',
});

afterEach(() => {
  ddbMock.reset();
});

describe('Function: putEachIfCondition', () => {
  it('tells which puts were written and which met a false condition', async () => {
    // Prepare
    ddbMock
      .on(PutCommand)
      .resolves({})
      .on(PutCommand, { Item: { pk: 'p1', sk: 's' } })
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );

    // Act
    const written = await putEachIfCondition(ddb, [put(0), put(1), put(2)]);

    // Assess
    expect(written).toStrictEqual([true, false, true]);
    expect(ddbMock.commandCalls(PutCommand).map((c) => c.args[0].input.ConditionExpression)).toStrictEqual([
      'attribute_not_exists(pk)',
      'attribute_not_exists(pk)',
      'attribute_not_exists(pk)',
    ]);
  });

  it('lets any other failure through', async () => {
    // Prepare
    ddbMock.on(PutCommand).rejects(new Error('connect ECONNREFUSED'));

    // Act & Assess
    await expect(putEachIfCondition(ddb, [put(0)])).rejects.toThrow('ECONNREFUSED');
  });
});
