import type { ReadingItem } from '@energy/core';

/** Items with one per key, and how many were dropped. */
export type DedupedItems = {
  /** One item per (site_id, timestamp): the last one given. */
  items: ReadingItem[];
  /** Items dropped because a later one had the same key. */
  duplicates: number;
};

/**
 * Keeps one item per (site_id, timestamp), the last one: DynamoDB rejects a BatchWriteItem
 * that holds two requests for the same key, and "last wins" is what writing them one by
 * one in file order would have stored.
 *
 * @example
 * dedupeReadings([a, b, aCorrected]); // { items: [aCorrected, b], duplicates: 1 }
 */
export function dedupeReadings(items: readonly ReadingItem[]): DedupedItems {
  const byKey = new Map<string, ReadingItem>();
  for (const item of items) {
    // NUL cannot occur in a site id, so the joined key is unambiguous.
    const key = `${item.site_id}\u0000${item.timestamp}`;
    byKey.delete(key);
    byKey.set(key, item);
  }
  return { items: [...byKey.values()], duplicates: items.length - byKey.size };
}
