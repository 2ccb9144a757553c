import type { CursorKey } from '../cursor.js';
import type { Page } from './types.js';

/**
 * One DynamoDB Query or Scan answer as a {@link Page}: its items, counts, and where the next
 * page starts. Both tables' keys and the index's are strings, so the start key is a CursorKey.
 *
 * @example
 * return toPage<ReadingItem>(await client.send(new QueryCommand(input)));
 */
export function toPage<T>(output: {
  Items?: Record<string, unknown>[];
  LastEvaluatedKey?: Record<string, unknown>;
  ScannedCount?: number;
  Count?: number;
}): Page<T> {
  const items = (output.Items ?? []) as T[];
  const page: Page<T> = {
    items,
    scannedCount: output.ScannedCount ?? items.length,
    count: output.Count ?? items.length,
  };
  if (output.LastEvaluatedKey) page.lastKey = output.LastEvaluatedKey as CursorKey;
  return page;
}
