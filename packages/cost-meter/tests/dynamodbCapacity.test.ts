import { describe, expect, it } from 'vitest';
import { DynamoDBCapacity, type TableDefinition } from '../src/dynamodbCapacity.js';
import type { WireItem } from '../src/itemSize.js';

const READINGS: TableDefinition = {
  name: 'readings',
  partitionKey: 'site_id',
  sortKey: 'timestamp',
  indexes: [
    { name: 'anomalies-by-site', partitionKey: 'anomaly_site_id', sortKey: 'timestamp', projection: 'ALL' },
  ],
};

const reading = (site: string, anomalous: boolean, padding = 0): WireItem => ({
  site_id: { S: site },
  timestamp: { S: '2025-02-16T21:30:00Z' },
  energy_generated_kwh: { N: anomalous ? '-1' : '42.1234' },
  ...(anomalous ? { anomaly_site_id: { S: site } } : {}),
  ...(padding > 0 ? { pad: { S: 'x'.repeat(padding) } } : {}),
});

const total = (charges: { readUnits: number; writeUnits: number; index?: string }[], index?: string) =>
  charges
    .filter((charge) => charge.index === index)
    .reduce((sum, charge) => ({ read: sum.read + charge.readUnits, write: sum.write + charge.writeUnits }), {
      read: 0,
      write: 0,
    });

describe('DynamoDBCapacity', () => {
  it('bills a put per started KB and a GSI write only for items the sparse index holds', async () => {
    const meter = new DynamoDBCapacity({ tables: [READINGS] });
    const normal = await meter.charge({
      operation: 'PutItem',
      input: { TableName: 'readings', Item: reading('a', false) },
    });
    expect(total(normal).write).toBe(1);
    expect(total(normal, 'anomalies-by-site').write).toBe(0);
    const anomalous = await meter.charge({
      operation: 'PutItem',
      input: { TableName: 'readings', Item: reading('b', true, 1_500) },
    });
    expect(total(anomalous).write).toBe(2);
    expect(total(anomalous, 'anomalies-by-site').write).toBe(2);
  });

  it('bills BatchWriteItem per item and not the unprocessed ones', async () => {
    const meter = new DynamoDBCapacity({ tables: [READINGS] });
    const items = [reading('a', false), reading('b', true), reading('c', false)];
    const charges = await meter.charge({
      operation: 'BatchWriteItem',
      input: { RequestItems: { readings: items.map((Item) => ({ PutRequest: { Item } })) } },
      output: { UnprocessedItems: { readings: [{ PutRequest: { Item: items[2] } }] } },
    });
    expect(total(charges).write).toBe(2);
    expect(total(charges, 'anomalies-by-site').write).toBe(1);
  });

  it('bills a re-put by the larger of the item before and after, and the index when the item leaves it', async () => {
    const meter = new DynamoDBCapacity({ tables: [READINGS] });
    await meter.charge({
      operation: 'PutItem',
      input: { TableName: 'readings', Item: reading('a', true, 2_500) },
    });
    const smaller = await meter.charge({
      operation: 'PutItem',
      input: { TableName: 'readings', Item: reading('a', false) },
    });
    expect(total(smaller).write).toBe(3);
    // The new item has no index key: one write deletes the old index entry.
    expect(total(smaller, 'anomalies-by-site').write).toBe(3);
  });

  it('still bills a failed conditional write, on the existing item', async () => {
    const meter = new DynamoDBCapacity({ tables: [READINGS] });
    await meter.charge({
      operation: 'PutItem',
      input: { TableName: 'readings', Item: reading('a', false, 1_500) },
    });
    const failed = await meter.charge({
      operation: 'PutItem',
      input: {
        TableName: 'readings',
        Item: reading('a', false),
        ConditionExpression: 'attribute_not_exists(site_id)',
      },
      errorName: 'ConditionalCheckFailedException',
    });
    expect(total(failed).write).toBe(2);
    expect(total(failed, 'anomalies-by-site').write).toBe(0);
    const throttled = await meter.charge({
      operation: 'PutItem',
      input: { TableName: 'readings', Item: reading('a', false) },
      errorName: 'ProvisionedThroughputExceededException',
    });
    expect(throttled).toEqual([]);
  });

  it('bills BatchGetItem per item, sizes rounded up per item, a missing item at the minimum', async () => {
    const meter = new DynamoDBCapacity({ tables: [READINGS] });
    // The guide's example: 1.5 KB and 6.5 KB items read as 4 KB + 8 KB = 12 KB, 3 units strongly consistent.
    const small = reading('a', false, 1_500);
    const large = reading('b', false, 6_600);
    const keyOf = (item: WireItem) => ({
      site_id: item.site_id as never,
      timestamp: item.timestamp as never,
    });
    const charges = await meter.charge({
      operation: 'BatchGetItem',
      input: { RequestItems: { readings: { Keys: [keyOf(small), keyOf(large)], ConsistentRead: true } } },
      output: { Responses: { readings: [large, small] } },
    });
    expect(total(charges).read).toBe(3);
    const eventually = await meter.charge({
      operation: 'BatchGetItem',
      input: {
        RequestItems: { readings: { Keys: [keyOf(small), { site_id: { S: 'zz' }, timestamp: { S: 't' } }] } },
      },
      output: { Responses: { readings: [small] } },
    });
    expect(total(eventually).read).toBe(0.5 + 0.5);
  });

  it('bills a Query by the total size it read, not per item', async () => {
    const meter = new DynamoDBCapacity({ tables: [READINGS] });
    const items = Array.from({ length: 100 }, (_, i) => reading(`s${i}`, false));
    const charges = await meter.charge({
      operation: 'Query',
      input: { TableName: 'readings', KeyConditionExpression: 'site_id = :s' },
      output: { Items: items },
    });
    // 100 items of ~70 bytes: under 8 KB, 2 units of 4 KB, halved (eventually consistent).
    expect(total(charges).read).toBe(1);
  });

  it('bills an UpdateItem by the item after, read through the probe, and the index write it causes', async () => {
    const stored = reading('a', true, 2_500);
    const meter = new DynamoDBCapacity({
      tables: [READINGS],
      probe: { getItem: async () => stored, readAll: async () => [] },
    });
    const charges = await meter.charge({
      operation: 'UpdateItem',
      input: {
        TableName: 'readings',
        Key: { site_id: { S: 'a' }, timestamp: { S: '2025-02-16T21:30:00Z' } },
      },
      output: {},
    });
    expect(total(charges).write).toBe(3);
    expect(total(charges, 'anomalies-by-site').write).toBe(3);
  });

  it('splits capacity into the ledgers the tag names', async () => {
    const meter = new DynamoDBCapacity({
      tag: (_table, item) => (item.pk?.S?.startsWith('ALERT#') ? 'alerts' : 'summary'),
    });
    const [alert] = await meter.charge({
      operation: 'PutItem',
      input: { TableName: 'summary', Item: { pk: { S: 'ALERT#site1' }, sk: { S: 'x' } } },
    });
    const [hour] = await meter.charge({
      operation: 'PutItem',
      input: { TableName: 'summary', Item: { pk: { S: 'SITE#site1' }, sk: { S: 'x' } } },
    });
    expect(alert?.tag).toBe('alerts');
    expect(hour?.tag).toBe('summary');
  });
});
