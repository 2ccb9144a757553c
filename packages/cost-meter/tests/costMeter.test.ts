// The meter inside real SDK clients against the emulator (moto): requests counted per attempt,
// DynamoDB units from the items that went over the wire, document client included.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { READINGS_TABLE } from '@energy/core';
import { type LocalStack, startLocalStack } from '@energy/local-stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CostMeter } from '../src/costMeter.js';
import { stackTables } from '../src/stackTables.js';

let stack: LocalStack;
let meter: CostMeter;

beforeAll(async () => {
  stack = await startLocalStack({ endpoint: null });
  meter = new CostMeter({ tables: stackTables(stack.names, stack.settings.tables.anomalyIndexProjection) });
  meter.attach(stack.clients.s3);
  meter.attach(stack.clients.dynamodb);
  // Shares the base client's middleware stack: attaching it again must not count twice.
  meter.attach(stack.clients.documentClient);
}, 60_000);

afterAll(() => stack?.stop());

const reading = (site: string, minute: number, anomalous: boolean) => ({
  site_id: site,
  timestamp: `2025-02-16T21:${String(minute).padStart(2, '0')}:00Z`,
  energy_generated_kwh: anomalous ? -1 : 42.1234,
  energy_consumed_kwh: 12.5,
  net_energy_kwh: anomalous ? -13.5 : 29.6234,
  anomaly: anomalous,
  ...(anomalous ? { anomaly_site_id: site } : {}),
});

describe('CostMeter on real clients', () => {
  it('counts S3 and DynamoDB requests once each, with write units for the table and the sparse index', async () => {
    meter.reset();
    await stack.clients.s3.send(
      new PutObjectCommand({ Bucket: stack.names.bucket, Key: 'readings/x.json', Body: '[]' }),
    );
    const items = [reading('site1', 0, false), reading('site1', 5, true), reading('site2', 0, false)];
    await stack.clients.documentClient.send(
      new BatchWriteCommand({
        RequestItems: { [stack.names.readingsTable]: items.map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
    const { requests, capacity } = meter.reading();
    expect(requests.find((line) => line.service === 'S3')).toMatchObject({
      operation: 'PutObject',
      resource: stack.names.bucket,
      requests: 1,
      failed: 0,
      billed: 1,
    });
    expect(requests.every((line) => line.ms > 0)).toBe(true);
    expect(requests.find((line) => line.operation === 'BatchWriteItem')?.requests).toBe(1);
    const table = capacity.find((line) => line.table === stack.names.readingsTable && !line.index);
    const index = capacity.find((line) => line.index === READINGS_TABLE.anomalyIndexName);
    expect(table).toMatchObject({ writeUnits: 3, items: 3 });
    expect(index).toMatchObject({ writeUnits: 1, items: 1 });
  });

  it('bills a failed conditional put and the reads of GetItem and Query (document client output re-marshalled)', async () => {
    meter.reset();
    const existing = reading('site1', 0, false);
    await expect(
      stack.clients.documentClient.send(
        new PutCommand({
          TableName: stack.names.readingsTable,
          Item: existing,
          ConditionExpression: 'attribute_not_exists(site_id)',
        }),
      ),
    ).rejects.toThrow(/conditional/i);
    await stack.clients.documentClient.send(
      new GetCommand({
        TableName: stack.names.readingsTable,
        Key: { site_id: 'site1', timestamp: existing.timestamp },
        ConsistentRead: true,
      }),
    );
    const page = await stack.clients.documentClient.send(
      new QueryCommand({
        TableName: stack.names.readingsTable,
        KeyConditionExpression: 'site_id = :s',
        ExpressionAttributeValues: { ':s': 'site1' },
      }),
    );
    expect(page.Items).toHaveLength(2);
    const { requests, capacity } = meter.reading();
    expect(requests.find((line) => line.operation === 'PutItem')).toMatchObject({ requests: 1, failed: 1 });
    const table = capacity.find((line) => line.table === stack.names.readingsTable && !line.index);
    // Failed put 1 WCU; GetItem strongly consistent 1 RCU; Query of 2 small items 0.5 RCU.
    expect(table).toMatchObject({ writeUnits: 1, readUnits: 1.5 });
    expect(capacity.find((line) => line.index)).toBeUndefined();
  });
});
