import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DYNAMODB_BILLING } from './constants.js';
import { itemSize, readUnits, type WireItem, writeUnits } from './itemSize.js';

/** A global secondary index, as the meter needs to know it to bill its writes. */
export type IndexDefinition = {
  /** Index name. */
  name: string;
  /** Partition key attribute; an item without it is not in the (sparse) index. */
  partitionKey: string;
  /** Sort key attribute, when the index has one. */
  sortKey?: string;
  /** `ALL` copies the whole item into the index; `KEYS_ONLY` only the table's and the index's keys. */
  projection: 'ALL' | 'KEYS_ONLY';
};

/** A table's key schema and indexes. */
export type TableDefinition = {
  /** Table name. */
  name: string;
  /** Partition key attribute. */
  partitionKey: string;
  /** Sort key attribute, when the table has one. */
  sortKey?: string;
  /** Global secondary indexes; each one that holds an item bills its own writes. */
  indexes?: readonly IndexDefinition[];
};

/** Capacity billed to one ledger line (a table, an index, or a tagged part of a table). */
export type CapacityCharge = {
  /** Table name. */
  table: string;
  /** Index name, for reads from or writes to an index. */
  index?: string;
  /** Sub-ledger chosen by the meter's `tag` option (e.g. alert markers inside the summary table). */
  tag?: string;
  /** Read request units. */
  readUnits: number;
  /** Write request units. */
  writeUnits: number;
  /** Items read or written. */
  items: number;
  /** Bytes read or written, as DynamoDB sizes them. */
  bytes: number;
};

/** What the meter remembers of an item it has seen, to bill later updates and deletes by size. */
type KnownItem = { size: number; indexKeys: Record<string, string | undefined> };

/** Reads an item's full size when the request and response do not show it (an un-metered client). */
export type ItemProbe = {
  /** The whole item at `key`, read strongly consistent; undefined when absent. */
  getItem: (table: string, key: WireItem) => Promise<WireItem | undefined>;
  /** Every item a Query or Scan read, before projection and filter. */
  readAll: (operation: 'Query' | 'Scan', input: Record<string, unknown>) => Promise<WireItem[]>;
};

/** How {@link DynamoDBCapacity} bills. */
export type DynamoDBCapacityOptions = {
  /** Key schemas and GSIs of the tables requests go to; requests to other tables are billed without index writes or size memory. */
  tables?: readonly TableDefinition[];
  /** Splits a table's capacity into sub-ledgers by item (for instance by partition-key prefix). */
  tag?: (table: string, item: WireItem) => string | undefined;
  /** Reads full items where needed (UpdateItem results, projected or filtered reads); without it those are estimated. */
  probe?: ItemProbe;
};

/** One DynamoDB call as the middleware saw it, inputs and outputs in wire form. */
export type DynamoDBCall = {
  /** Operation (`PutItem`, `BatchWriteItem`, …). */
  operation: string;
  /** Request, wire form. */
  input: Record<string, unknown>;
  /** Response, wire form; undefined when the call failed. */
  output?: Record<string, unknown>;
  /** Error name when the call failed (`ConditionalCheckFailedException`, …). */
  errorName?: string;
};

const stringOf = (value: AttributeValue | undefined): string | undefined =>
  value === undefined ? undefined : JSON.stringify(value);

/**
 * DynamoDB capacity units of each call, from item sizes by the documented rules:
 * - writes: one unit per started KB of the larger of the item before and after (PutItem,
 *   UpdateItem), of the deleted item (DeleteItem), per item for BatchWriteItem (unprocessed
 *   items excluded); a failed conditional write is billed too (existing item's size, at least 1);
 *   each GSI that holds the item before or after bills its own write (its projected size);
 * - reads: one unit per started 4 KB, halved when eventually consistent; GetItem and each
 *   BatchGetItem key separately (a missing item still costs the minimum); Query and Scan by
 *   the total size of the items read (before any filter or projection);
 * - transactions: twice the standard units.
 *
 * It remembers the size of the items it sees, so an UpdateItem or DeleteItem is billed by
 * the item's size before; for the size after an UpdateItem it reads the item through `probe`.
 */
export class DynamoDBCapacity {
  private readonly tables = new Map<string, TableDefinition>();
  private readonly known = new Map<string, KnownItem>();

  public constructor(private readonly options: DynamoDBCapacityOptions = {}) {
    for (const table of options.tables ?? []) this.tables.set(table.name, table);
  }

  /** Capacity of one call; remembers the sizes of the items it wrote or read. */
  public async charge(call: DynamoDBCall): Promise<CapacityCharge[]> {
    const { operation, input } = call;
    const output = call.output ?? {};
    const failed = call.errorName !== undefined;
    const table = input.TableName as string | undefined;
    switch (operation) {
      case 'PutItem':
        return this.put(table as string, input.Item as WireItem, failed, call.errorName);
      case 'DeleteItem':
        return this.remove(
          table as string,
          input.Key as WireItem,
          output.Attributes as WireItem | undefined,
          failed,
          call.errorName,
        );
      case 'UpdateItem':
        return this.update(call, table as string);
      case 'BatchWriteItem':
        return failed ? [] : this.batchWrite(input, output);
      case 'GetItem': {
        if (failed) return [];
        const item = await this.fullItem(table as string, input, output.Item as WireItem | undefined);
        const size = item ? itemSize(item) : 0;
        if (item) this.remember(table as string, item);
        return [this.read(table as string, undefined, item, size, 1, input.ConsistentRead === true)];
      }
      case 'BatchGetItem':
        return failed ? [] : this.batchGet(input, output);
      case 'Query':
      case 'Scan':
        return failed ? [] : this.queryOrScan(operation, input, output);
      case 'TransactWriteItems':
        return this.transactWrite(input, failed);
      case 'TransactGetItems':
        return failed ? [] : this.transactGet(input, output);
      default:
        return [];
    }
  }

  private keyOf(table: string, item: WireItem): string | undefined {
    const definition = this.tables.get(table);
    if (!definition) return undefined;
    const parts = [stringOf(item[definition.partitionKey])];
    if (definition.sortKey) parts.push(stringOf(item[definition.sortKey]));
    return `${table}\u0000${parts.join('\u0000')}`;
  }

  private indexKeysOf(table: string, item: WireItem): Record<string, string | undefined> {
    const keys: Record<string, string | undefined> = {};
    for (const index of this.tables.get(table)?.indexes ?? []) {
      const partition = item[index.partitionKey];
      const sort = index.sortKey ? item[index.sortKey] : undefined;
      keys[index.name] =
        partition === undefined || (index.sortKey && sort === undefined)
          ? undefined
          : `${stringOf(partition)}\u0000${stringOf(sort) ?? ''}`;
    }
    return keys;
  }

  private remember(table: string, item: WireItem): void {
    const key = this.keyOf(table, item);
    if (key) this.known.set(key, { size: itemSize(item), indexKeys: this.indexKeysOf(table, item) });
  }

  private forget(table: string, item: WireItem): void {
    const key = this.keyOf(table, item);
    if (key) this.known.delete(key);
  }

  private recall(table: string, item: WireItem): KnownItem | undefined {
    const key = this.keyOf(table, item);
    return key ? this.known.get(key) : undefined;
  }

  private line(table: string, item: WireItem | undefined, extra: Partial<CapacityCharge>): CapacityCharge {
    const tag = item ? this.options.tag?.(table, item) : undefined;
    return { table, readUnits: 0, writeUnits: 0, items: 0, bytes: 0, ...(tag ? { tag } : {}), ...extra };
  }

  private entrySize(table: string, index: IndexDefinition, item: WireItem, size: number): number {
    if (index.projection === 'ALL') return size;
    const definition = this.tables.get(table);
    const names = new Set([definition?.partitionKey, definition?.sortKey, index.partitionKey, index.sortKey]);
    const keys: WireItem = {};
    for (const name of names) if (name && item[name] !== undefined) keys[name] = item[name] as AttributeValue;
    return itemSize(keys);
  }

  /** Index writes of an item going from `before` to `after` (either may be absent). */
  private indexWrites(
    table: string,
    before: KnownItem | undefined,
    after: { item: WireItem; size: number } | undefined,
    factor = 1,
  ): CapacityCharge[] {
    const charges: CapacityCharge[] = [];
    const afterKeys = after ? this.indexKeysOf(table, after.item) : {};
    for (const index of this.tables.get(table)?.indexes ?? []) {
      const was = before?.indexKeys[index.name];
      const is = afterKeys[index.name];
      if (was === undefined && is === undefined) continue;
      // A changed index key deletes the old entry and puts the new one: two writes.
      const writes = was !== undefined && is !== undefined && was !== is ? 2 : 1;
      const bytes =
        after && is !== undefined
          ? this.entrySize(table, index, after.item, after.size)
          : (before?.size ?? 0);
      charges.push(
        this.line(table, after?.item, {
          index: index.name,
          writeUnits: writes * writeUnits(bytes) * factor,
          items: writes,
          bytes,
        }),
      );
    }
    return charges;
  }

  private put(
    table: string,
    item: WireItem,
    failed: boolean,
    errorName?: string,
    factor = 1,
  ): CapacityCharge[] {
    const size = itemSize(item);
    const before = this.recall(table, item);
    if (failed) {
      // A failed condition is billed on the existing item (at least one unit); other errors are not billed.
      if (errorName !== 'ConditionalCheckFailedException') return [];
      const bytes = before?.size ?? size;
      return [this.line(table, item, { writeUnits: writeUnits(bytes) * factor, items: 1, bytes })];
    }
    const bytes = Math.max(size, before?.size ?? 0);
    const charges = [
      this.line(table, item, { writeUnits: writeUnits(bytes) * factor, items: 1, bytes }),
      ...this.indexWrites(table, before, { item, size }, factor),
    ];
    this.remember(table, item);
    return charges;
  }

  private remove(
    table: string,
    key: WireItem,
    returned: WireItem | undefined,
    failed: boolean,
    errorName?: string,
    factor = 1,
  ): CapacityCharge[] {
    const before = returned
      ? { size: itemSize(returned), indexKeys: this.indexKeysOf(table, returned) }
      : this.recall(table, key);
    if (failed && errorName !== 'ConditionalCheckFailedException') return [];
    const bytes = before?.size ?? 0;
    const charges = [
      this.line(table, returned ?? key, { writeUnits: writeUnits(bytes) * factor, items: 1, bytes }),
    ];
    if (!failed) {
      charges.push(...this.indexWrites(table, before, undefined, factor));
      this.forget(table, key);
    }
    return charges;
  }

  private async update(call: DynamoDBCall, table: string, factor = 1): Promise<CapacityCharge[]> {
    const { input } = call;
    const key = input.Key as WireItem;
    const before = this.recall(table, key);
    if (call.errorName !== undefined) {
      if (call.errorName !== 'ConditionalCheckFailedException') return [];
      const bytes = before?.size ?? 0;
      return [this.line(table, key, { writeUnits: writeUnits(bytes) * factor, items: 1, bytes })];
    }
    const returned = call.output?.Attributes as WireItem | undefined;
    let after: WireItem | undefined =
      input.ReturnValues === 'ALL_NEW' && returned ? returned : await this.options.probe?.getItem(table, key);
    if (!after) {
      // No probe: the key plus every value the expression sets, a lower bound of the new size.
      after = { ...key };
      for (const [name, value] of Object.entries((input.ExpressionAttributeValues ?? {}) as WireItem)) {
        after[`${name}`] = value;
      }
    }
    const size = itemSize(after);
    const bytes = Math.max(size, before?.size ?? 0);
    const charges = [
      this.line(table, after, { writeUnits: writeUnits(bytes) * factor, items: 1, bytes }),
      ...this.indexWrites(table, before, { item: after, size }, factor),
    ];
    this.remember(table, after);
    return charges;
  }

  private batchWrite(input: Record<string, unknown>, output: Record<string, unknown>): CapacityCharge[] {
    const unprocessed = (output.UnprocessedItems ?? {}) as Record<
      string,
      { PutRequest?: { Item: WireItem }; DeleteRequest?: { Key: WireItem } }[]
    >;
    const charges: CapacityCharge[] = [];
    const requests = (input.RequestItems ?? {}) as typeof unprocessed;
    for (const [table, writes] of Object.entries(requests)) {
      const skipped = new Set((unprocessed[table] ?? []).map((request) => JSON.stringify(request)));
      for (const request of writes) {
        if (skipped.has(JSON.stringify(request))) continue;
        if (request.PutRequest) charges.push(...this.put(table, request.PutRequest.Item, false));
        else if (request.DeleteRequest)
          charges.push(...this.remove(table, request.DeleteRequest.Key, undefined, false));
      }
    }
    return charges;
  }

  private read(
    table: string,
    index: string | undefined,
    item: WireItem | undefined,
    bytes: number,
    items: number,
    consistent: boolean,
    factor = 1,
  ): CapacityCharge {
    return this.line(table, item, {
      ...(index ? { index } : {}),
      readUnits: readUnits(bytes, consistent) * factor,
      items,
      bytes,
    });
  }

  /** The whole item behind a GetItem whose projection hid part of it. */
  private async fullItem(
    table: string,
    input: Record<string, unknown>,
    item: WireItem | undefined,
  ): Promise<WireItem | undefined> {
    if (!item || (input.ProjectionExpression === undefined && input.AttributesToGet === undefined))
      return item;
    return (await this.options.probe?.getItem(table, input.Key as WireItem)) ?? item;
  }

  private async batchGet(
    input: Record<string, unknown>,
    output: Record<string, unknown>,
  ): Promise<CapacityCharge[]> {
    type TableRequest = { Keys: WireItem[]; ConsistentRead?: boolean; ProjectionExpression?: string };
    const requests = (input.RequestItems ?? {}) as Record<string, TableRequest>;
    const responses = (output.Responses ?? {}) as Record<string, WireItem[]>;
    const unprocessed = (output.UnprocessedKeys ?? {}) as Record<string, TableRequest>;
    const charges: CapacityCharge[] = [];
    for (const [table, request] of Object.entries(requests)) {
      const found = new Map<string, WireItem>();
      for (const item of responses[table] ?? [])
        found.set(this.keyOf(table, item) ?? JSON.stringify(item), item);
      const skipped = new Set((unprocessed[table]?.Keys ?? []).map((key) => JSON.stringify(key)));
      const consistent = request.ConsistentRead === true;
      for (const key of request.Keys) {
        if (skipped.has(JSON.stringify(key))) continue;
        const returned = found.get(this.keyOf(table, key) ?? '');
        const item =
          returned && request.ProjectionExpression !== undefined
            ? ((await this.options.probe?.getItem(table, key)) ?? returned)
            : returned;
        if (item) this.remember(table, item);
        // Each key is billed as its own GetItem: sizes rounded up per item, a missing item at the minimum.
        charges.push(this.read(table, undefined, item ?? key, item ? itemSize(item) : 0, 1, consistent));
      }
    }
    return charges;
  }

  private async queryOrScan(
    operation: 'Query' | 'Scan',
    input: Record<string, unknown>,
    output: Record<string, unknown>,
  ): Promise<CapacityCharge[]> {
    const table = input.TableName as string;
    const index = input.IndexName as string | undefined;
    const hidden =
      input.ProjectionExpression !== undefined ||
      input.FilterExpression !== undefined ||
      input.Select === 'COUNT' ||
      input.AttributesToGet !== undefined;
    const returned = (output.Items ?? []) as WireItem[];
    const items =
      hidden && this.options.probe ? await this.options.probe.readAll(operation, input) : returned;
    const bytes = items.reduce((sum, item) => sum + itemSize(item), 0);
    if (!index) for (const item of items) this.remember(table, item);
    const count = items.length || Number(output.ScannedCount ?? output.Count ?? 0);
    return [this.read(table, index, items[0], bytes, count, input.ConsistentRead === true)];
  }

  private async transactWrite(input: Record<string, unknown>, failed: boolean): Promise<CapacityCharge[]> {
    if (failed) return [];
    const factor = DYNAMODB_BILLING.transactionalFactor;
    type Action = {
      Put?: { TableName: string; Item: WireItem };
      Delete?: { TableName: string; Key: WireItem };
      Update?: Record<string, unknown> & { TableName: string };
      ConditionCheck?: { TableName: string; Key: WireItem };
    };
    const charges: CapacityCharge[] = [];
    for (const action of (input.TransactItems ?? []) as Action[]) {
      if (action.Put)
        charges.push(...this.put(action.Put.TableName, action.Put.Item, false, undefined, factor));
      else if (action.Delete)
        charges.push(
          ...this.remove(action.Delete.TableName, action.Delete.Key, undefined, false, undefined, factor),
        );
      else if (action.Update)
        charges.push(
          ...(await this.update(
            { operation: 'UpdateItem', input: action.Update },
            action.Update.TableName,
            factor,
          )),
        );
      else if (action.ConditionCheck) {
        const before = this.recall(action.ConditionCheck.TableName, action.ConditionCheck.Key);
        const bytes = before?.size ?? 0;
        charges.push(
          this.line(action.ConditionCheck.TableName, action.ConditionCheck.Key, {
            writeUnits: writeUnits(bytes) * factor,
            items: 1,
            bytes,
          }),
        );
      }
    }
    return charges;
  }

  private transactGet(input: Record<string, unknown>, output: Record<string, unknown>): CapacityCharge[] {
    const factor = DYNAMODB_BILLING.transactionalFactor;
    const gets = (input.TransactItems ?? []) as { Get?: { TableName?: string } }[];
    return ((output.Responses ?? []) as { Item?: WireItem }[]).map((response, i) =>
      this.line(gets[i]?.Get?.TableName ?? '(transaction)', response.Item, {
        readUnits: readUnits(response.Item ? itemSize(response.Item) : 0, true) * factor,
        items: 1,
        bytes: response.Item ? itemSize(response.Item) : 0,
      }),
    );
  }
}
