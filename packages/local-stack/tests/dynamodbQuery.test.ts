// Patch 7 of tools/python/moto_patched.py makes DynamoDB Query read only the queried partition
// (the base table's hash key, or a per-index map rebuilt after every write). It must change no
// answer: this suite writes through every write path, queries the base table and the GSI right
// after each write (so a map built before the write would be stale), and compares each answer
// with the one computed here from a model of the table. It runs against patched and unpatched
// moto alike, which shows the expectations are moto's own answers, not the patch's.
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStackClients, type MotoServer, type StackClients, startMoto } from '../src/index.js';

const TABLE = 'query-partitions';
const INDEX = 'by-group';

/** An item of the test table: `pk`/`sk` key, GSI `by-group` on `grp`/`rank` (sparse: `grp` is optional). */
type Row = { pk: string; sk: string; grp?: string; rank: number; v: number };

/** The expected answer of one Query, computed from the model. */
type Expected = { items: Row[]; projection?: (keyof Row)[] };

/** A Query and the predicate, order and projection that give its answer from the model. */
type Case = {
  name: string;
  input: Omit<QueryCommandInput, 'TableName'>;
  keep: (row: Row) => boolean;
  index: boolean;
  forward: boolean;
  projection?: (keyof Row)[];
};

const CASES: readonly Case[] = [
  {
    name: 'base: pk =',
    input: { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'site-1' } },
    keep: (row) => row.pk === 'site-1',
    index: false,
    forward: true,
  },
  {
    name: 'base: begins_with, backwards',
    input: {
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :day)',
      ExpressionAttributeValues: { ':p': 'site-2', ':day': '2025-01-02' },
      ScanIndexForward: false,
    },
    keep: (row) => row.pk === 'site-2' && row.sk.startsWith('2025-01-02'),
    index: false,
    forward: false,
  },
  {
    name: 'base: BETWEEN, filter',
    input: {
      KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
      FilterExpression: 'v >= :min',
      ExpressionAttributeValues: {
        ':p': 'site-3',
        ':from': '2025-01-01T06',
        ':to': '2025-01-02T06',
        ':min': 20,
      },
    },
    keep: (row) =>
      row.pk === 'site-3' && row.sk >= '2025-01-01T06' && row.sk <= '2025-01-02T06' && row.v >= 20,
    index: false,
    forward: true,
  },
  {
    name: 'base: <, projection',
    input: {
      KeyConditionExpression: 'pk = :p AND sk < :to',
      ProjectionExpression: 'pk, sk, v',
      ExpressionAttributeValues: { ':p': 'site-1', ':to': '2025-01-02T12' },
    },
    keep: (row) => row.pk === 'site-1' && row.sk < '2025-01-02T12',
    index: false,
    forward: true,
    projection: ['pk', 'sk', 'v'],
  },
  {
    name: 'base: a hash key with no item',
    input: { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'site-none' } },
    keep: () => false,
    index: false,
    forward: true,
  },
  ...['g1', 'g2', 'g3'].map(
    (grp): Case => ({
      name: `GSI: grp = ${grp}`,
      input: {
        IndexName: INDEX,
        KeyConditionExpression: 'grp = :g',
        ExpressionAttributeValues: { ':g': grp },
      },
      keep: (row) => row.grp === grp,
      index: true,
      forward: true,
    }),
  ),
  {
    name: 'GSI: BETWEEN, backwards',
    input: {
      IndexName: INDEX,
      KeyConditionExpression: '#g = :g AND #r BETWEEN :low AND :high',
      ExpressionAttributeNames: { '#g': 'grp', '#r': 'rank' },
      ExpressionAttributeValues: { ':g': 'g1', ':low': 5, ':high': 40 },
      ScanIndexForward: false,
    },
    keep: (row) => row.grp === 'g1' && row.rank >= 5 && row.rank <= 40,
    index: true,
    forward: false,
  },
  {
    name: 'GSI: <, filter, projection',
    input: {
      IndexName: INDEX,
      KeyConditionExpression: 'grp = :g AND #r < :high',
      FilterExpression: 'v < :max',
      ProjectionExpression: 'pk, sk, #r',
      ExpressionAttributeNames: { '#r': 'rank' },
      ExpressionAttributeValues: { ':g': 'g2', ':high': 1_000, ':max': 25 },
    },
    keep: (row) => row.grp === 'g2' && row.rank < 1_000 && row.v < 25,
    index: true,
    forward: true,
    projection: ['pk', 'sk', 'rank'],
  },
];

/** The model: every item the test wrote and did not delete, by `pk|sk`. */
class Model {
  readonly rows = new Map<string, Row>();

  put(row: Row): void {
    this.rows.set(`${row.pk}|${row.sk}`, { ...row });
  }

  get(pk: string, sk: string): Row | undefined {
    return this.rows.get(`${pk}|${sk}`);
  }

  delete(pk: string, sk: string): void {
    this.rows.delete(`${pk}|${sk}`);
  }

  /** The answer of `query`: the base table in `sk` order, the index in `rank` order (ranks are unique). */
  expected(query: Case): Expected {
    const rows = [...this.rows.values()].filter(
      (row) => query.keep(row) && (!query.index || row.grp !== undefined),
    );
    rows.sort((a, b) => (query.index ? a.rank - b.rank : a.sk.localeCompare(b.sk)));
    if (!query.forward) rows.reverse();
    return { items: rows, projection: query.projection };
  }
}

const project = ({ items, projection }: Expected) =>
  items.map((row) =>
    projection
      ? Object.fromEntries(projection.filter((name) => name in row).map((name) => [name, row[name]]))
      : row,
  );

/** The UpdateItem (or transaction Update) input that sets `row`'s group: its index key changes in place. */
const setGroup = (row: Row, grp: string) => ({
  TableName: TABLE,
  Key: { pk: row.pk, sk: row.sk },
  UpdateExpression: 'SET grp = :g',
  ExpressionAttributeValues: { ':g': grp },
});

/** Ranks are unique over the whole test, so GSI order never depends on a tie-break. */
let nextRank = 0;
const rank = () => ++nextRank;

function seedRows(): Row[] {
  const rows: Row[] = [];
  for (const site of ['site-1', 'site-2', 'site-3']) {
    for (let hour = 0; hour < 36; hour += 3) {
      const day = hour < 24 ? '2025-01-01' : '2025-01-02';
      const sk = `${day}T${String(hour % 24).padStart(2, '0')}`;
      const n = rows.length;
      // Every fourth item has no grp: it is in the base table but not in the sparse index.
      const grp = n % 4 === 3 ? undefined : `g${(n % 3) + 1}`;
      rows.push({ pk: site, sk, ...(grp ? { grp } : {}), rank: rank(), v: (n * 7) % 40 });
    }
  }
  return rows;
}

describe.each([
  { patched: true, label: 'patched moto (Query reads the partition only)' },
  {
    patched: false,
    label: "unpatched moto (Query walks the table): the test's expectations are moto's answers",
  },
])('DynamoDB Query answers on $label', ({ patched }) => {
  let moto: MotoServer;
  let clients: StackClients;
  const model = new Model();

  /** Runs every case, the whole answer at once and in pages of 2, and compares with the model. */
  async function expectAnswers(after: string): Promise<void> {
    for (const query of CASES) {
      const expected = project(model.expected(query));
      const whole = await clients.documentClient.send(new QueryCommand({ TableName: TABLE, ...query.input }));
      expect(whole.Items, `${query.name} after ${after}`).toStrictEqual(expected);

      const paged: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      for (let page = 0; page < 50; page++) {
        const answer = await clients.documentClient.send(
          new QueryCommand({ TableName: TABLE, ...query.input, Limit: 2, ExclusiveStartKey: start }),
        );
        expect(answer.Items?.length ?? 0, `${query.name} page size after ${after}`).toBeLessThanOrEqual(2);
        paged.push(...(answer.Items ?? []));
        start = answer.LastEvaluatedKey;
        if (!start) break;
      }
      expect(paged, `${query.name} in pages of 2 after ${after}`).toStrictEqual(expected);
    }
  }

  beforeAll(async () => {
    moto = await startMoto({ patched });
    clients = createStackClients(moto.endpoint, 'us-east-1');
    await clients.dynamodb.send(
      new CreateTableCommand({
        TableName: TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'grp', AttributeType: 'S' },
          { AttributeName: 'rank', AttributeType: 'N' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: INDEX,
            KeySchema: [
              { AttributeName: 'grp', KeyType: 'HASH' },
              { AttributeName: 'rank', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
  });
  afterAll(async () => {
    clients?.destroy();
    await moto?.stop();
  });

  it('answers as the model after every kind of write', async () => {
    // Arrange: an empty table answers nothing.
    await expectAnswers('nothing written');

    // Act + Assess: PutItem.
    for (const row of seedRows()) {
      await clients.documentClient.send(new PutCommand({ TableName: TABLE, Item: row }));
      model.put(row);
    }
    expect(model.rows.size).toBe(36);
    await expectAnswers('PutItem');

    // BatchWriteItem: new items, an overwrite that moves an item to another group, deletes.
    const moved = { ...(model.get('site-1', '2025-01-01T03') as Row), grp: 'g3', v: 39 };
    const added: Row[] = [
      { pk: 'site-2', sk: '2025-01-02T13', grp: 'g1', rank: rank(), v: 1 },
      { pk: 'site-3', sk: '2025-01-01T07', grp: 'g2', rank: rank(), v: 2 },
      moved,
    ];
    await clients.documentClient.send(
      new BatchWriteCommand({
        RequestItems: {
          [TABLE]: [
            ...added.map((Item) => ({ PutRequest: { Item } })),
            { DeleteRequest: { Key: { pk: 'site-2', sk: '2025-01-02T00' } } },
            { DeleteRequest: { Key: { pk: 'site-3', sk: '2025-01-01T09' } } },
          ],
        },
      }),
    );
    for (const row of added) model.put(row);
    model.delete('site-2', '2025-01-02T00');
    model.delete('site-3', '2025-01-01T09');
    await expectAnswers('BatchWriteItem');

    // UpdateItem that changes the index key of a stored item in place (g1 -> g2).
    const regrouped = model.get('site-1', '2025-01-01T00') as Row;
    expect(regrouped.grp).toBe('g1');
    await clients.documentClient.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: { pk: regrouped.pk, sk: regrouped.sk },
        UpdateExpression: 'SET grp = :g, v = :v',
        ExpressionAttributeValues: { ':g': 'g2', ':v': 3 },
      }),
    );
    model.put({ ...regrouped, grp: 'g2', v: 3 });
    await expectAnswers('UpdateItem SET grp');

    // UpdateItem that removes the index key: the item leaves the sparse index.
    const leaving = model.get('site-2', '2025-01-01T03') as Row;
    expect(leaving.grp).toBeDefined();
    await clients.documentClient.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: { pk: leaving.pk, sk: leaving.sk },
        UpdateExpression: 'REMOVE grp',
      }),
    );
    const { grp: _removed, ...withoutGroup } = leaving;
    model.put(withoutGroup);
    await expectAnswers('UpdateItem REMOVE grp');

    // UpdateItem that gives an item outside the index a group (it joins), and one of a new key.
    const joining = model.get('site-1', '2025-01-01T09') as Row;
    expect(joining.grp).toBeUndefined();
    await clients.documentClient.send(new UpdateCommand(setGroup(joining, 'g1')));
    model.put({ ...joining, grp: 'g1' });
    const created: Row = { pk: 'site-3', sk: '2025-01-02T23', grp: 'g3', rank: rank(), v: 4 };
    await clients.documentClient.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: { pk: created.pk, sk: created.sk },
        UpdateExpression: 'SET grp = :g, #r = :r, v = :v',
        ExpressionAttributeNames: { '#r': 'rank' },
        ExpressionAttributeValues: { ':g': created.grp, ':r': created.rank, ':v': created.v },
      }),
    );
    model.put(created);
    await expectAnswers('UpdateItem SET grp of an item outside the index, and of a new key');

    // DeleteItem of an indexed item.
    const deleted = model.get('site-1', '2025-01-01T06') as Row;
    expect(deleted.grp).toBeDefined();
    await clients.documentClient.send(
      new DeleteCommand({ TableName: TABLE, Key: { pk: deleted.pk, sk: deleted.sk } }),
    );
    model.delete(deleted.pk, deleted.sk);
    await expectAnswers('DeleteItem');

    // TransactWriteItems: a put, an update of the index key and a delete, all applied.
    const transacted: Row = { pk: 'site-2', sk: '2025-01-01T01', grp: 'g2', rank: rank(), v: 5 };
    const retargeted = model.get('site-3', '2025-01-01T00') as Row;
    const dropped = model.get('site-3', '2025-01-01T03') as Row;
    await clients.documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: TABLE, Item: transacted } },
          { Update: setGroup(retargeted, 'g3') },
          { Delete: { TableName: TABLE, Key: { pk: dropped.pk, sk: dropped.sk } } },
        ],
      }),
    );
    model.put(transacted);
    expect(retargeted.grp).toBe('g1');
    model.put({ ...retargeted, grp: 'g3' });
    model.delete(dropped.pk, dropped.sk);
    await expectAnswers('TransactWriteItems');

    // A cancelled TransactWriteItems (moto rolls back by restoring a copy of the table): no change.
    const kept = model.get('site-2', '2025-01-01T09') as Row;
    expect(kept.grp).toBeUndefined();
    await expect(
      clients.documentClient.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: setGroup(kept, 'g3') },
            {
              Put: {
                TableName: TABLE,
                Item: { pk: 'site-1', sk: '2025-01-01T00', grp: 'g3', rank: rank(), v: 0 },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      ),
    ).rejects.toThrow(/ConditionalCheckFailed/);
    await expectAnswers('a cancelled TransactWriteItems');

    // And the restored table still takes writes that Queries see.
    await clients.documentClient.send(new UpdateCommand(setGroup(kept, 'g3')));
    model.put({ ...kept, grp: 'g3' });
    await expectAnswers('UpdateItem after the rollback');
  });
});
