import type { CursorKey } from '../cursor.js';
import { ResultTooLargeError } from '../errors.js';
import type { Page } from './types.js';

/** Reads one page: where it starts, how many items at most, and whether to count them only. */
export type FetchPage<T> = (
  startKey: CursorKey | undefined,
  limit: number,
  countOnly: boolean,
) => Promise<Page<T>>;

/**
 * Counts up to `cap + 1` matching items without reading their bodies (`Select: COUNT`):
 * true when more than `cap` match. The same read units as fetching them, but no transfer,
 * so an oversized request is refused quickly even where item transfer is slow (the emulator
 * takes seconds per thousand items; refusing 20,000 readings by fetching 10,001 of them
 * outlived the API's timeout and answered 500).
 */
async function exceedsCap<T>(fetchPage: FetchPage<T>, cap: number): Promise<boolean> {
  let counted = 0;
  let startKey: CursorKey | undefined;
  do {
    const page = await fetchPage(startKey, cap + 1 - counted, true);
    counted += page.count;
    if (counted > cap) return true;
    startKey = page.lastKey;
  } while (startKey);
  return false;
}

/**
 * Follows DynamoDB pagination to the end, for the compatible routes that answer one
 * plain array. A count of at most `cap + 1` items comes first, so an oversized request
 * is refused before any item is transferred; then the items are read.
 *
 * @example
 * const items = await collectPages((startKey, limit, countOnly) => store.scan({ startKey, limit, countOnly }), 10_000, '/v1/readings');
 * @throws {@link ResultTooLargeError} when more than `cap` items match.
 */
export async function collectPages<T>(
  fetchPage: FetchPage<T>,
  cap: number,
  alternative: string,
): Promise<T[]> {
  if (await exceedsCap(fetchPage, cap)) throw new ResultTooLargeError(cap, alternative);
  const items: T[] = [];
  let startKey: CursorKey | undefined;
  do {
    // Ask for one more than the room left: receiving it proves the cap is exceeded.
    // Items added since the count (a live table) still cannot exceed the cap unnoticed.
    const page = await fetchPage(startKey, cap + 1 - items.length, false);
    items.push(...page.items);
    if (items.length > cap) throw new ResultTooLargeError(cap, alternative);
    startKey = page.lastKey;
  } while (startKey);
  return items;
}
