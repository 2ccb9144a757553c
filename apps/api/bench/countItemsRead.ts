import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Running totals of what a client read. */
export type ReadCounter = {
  /** Items DynamoDB read: `ScannedCount` of Query/Scan, 1 per GetItem that found an item. */
  items: number;
  /** Calls made. */
  calls: number;
  /** Sets both to zero. */
  reset: () => void;
};

/**
 * Counts the items a document client makes DynamoDB read, from each response's
 * `ScannedCount` (items read before any filter: the billed work). Adds a middleware
 * to the client's stack; use a client of its own. `only` restricts it to one command
 * (`QueryCommand`).
 *
 * @example
 * const reads = countItemsRead(client); await app.request('/v1/summary'); reads.items;
 */
export function countItemsRead(client: DynamoDBDocumentClient, only?: string): ReadCounter {
  const counter: ReadCounter = {
    items: 0,
    calls: 0,
    reset: () => {
      counter.items = 0;
      counter.calls = 0;
    },
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (only !== undefined && context.commandName !== only) return result;
      const output = result.output as { ScannedCount?: number; Item?: unknown };
      counter.calls++;
      if (typeof output.ScannedCount === 'number') counter.items += output.ScannedCount;
      else if (output.Item !== undefined) counter.items += 1;
      return result;
    },
    { step: 'initialize', name: `countItemsRead${only ?? ''}` },
  );
  return counter;
}
