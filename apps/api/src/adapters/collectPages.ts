import type { CursorKey } from '../cursor.js';
import { ResultTooLargeError } from '../errors.js';
import type { Page } from './types.js';

/**
 * Follows DynamoDB pagination to the end, for the compatible routes that answer one
 * plain array. Stops reading as soon as more than `cap` items are known to match,
 * so an oversized request costs at most `cap + 1` items.
 *
 * @example
 * const items = await collectPages((startKey, limit) => store.scan({ startKey, limit }), 10_000, '/v1/readings');
 * @throws {@link ResultTooLargeError} when more than `cap` items match.
 */
export async function collectPages<T>(
  fetchPage: (startKey: CursorKey | undefined, limit: number) => Promise<Page<T>>,
  cap: number,
  alternative: string,
): Promise<T[]> {
  const items: T[] = [];
  let startKey: CursorKey | undefined;
  do {
    // Ask for one more than the room left: receiving it proves the cap is exceeded.
    const page = await fetchPage(startKey, cap + 1 - items.length);
    items.push(...page.items);
    if (items.length > cap) throw new ResultTooLargeError(cap, alternative);
    startKey = page.lastKey;
  } while (startKey);
  return items;
}
