import { type EnrichedReading, fromReadingItem, type ReadingItem } from '@energy/core';
import type { Page } from '../adapters/types.js';
import { type CursorKey, decodeCursor, encodeCursor } from '../cursor.js';

/** A page as the paginated routes answer it. */
export type ReadingPage = {
  /** Readings of the page. */
  items: EnrichedReading[];
  /** Opaque cursor of the next page, `null` on the last. */
  next_cursor: string | null;
};

/**
 * The start key a request's `cursor` stands for, checked against the query's scope.
 *
 * @throws {@link InvalidCursorError} when the cursor was not issued for this scope.
 */
export function startKeyOf(cursor: string | undefined, scope: string, secret: string): CursorKey | undefined {
  return cursor === undefined ? undefined : decodeCursor(cursor, scope, secret);
}

/**
 * Shapes a DynamoDB page for the client: readings without storage attributes, and the
 * continuation key sealed into a cursor bound to the same scope.
 *
 * @example
 * c.json(toReadingPage(await readings.querySite(query), scope, secret), 200);
 */
export function toReadingPage(page: Page<ReadingItem>, scope: string, secret: string): ReadingPage {
  return {
    items: page.items.map(fromReadingItem),
    next_cursor: page.lastKey ? encodeCursor(page.lastKey, scope, secret) : null,
  };
}
