import { compareSiteIds } from '../compareSiteIds.js';
import { decodeCursor, encodeCursor } from '../cursor.js';

/** A page of site ids and the cursor of the next one. */
export type SitePage = {
  /** Site ids of the page, in natural order. */
  items: string[];
  /** Cursor of the next page (HMAC-bound to `scope`), `null` on the last. */
  next_cursor: string | null;
  /** Ids matching, over all pages. */
  total: number;
};

/**
 * Cuts a page out of the sorted site ids (optionally those starting with `prefix`): the ids
 * after the cursor's last id, `limit` of them. The cursor holds that last id, sealed to `scope`
 * like every cursor of the API, so it cannot be replayed on another query.
 *
 * @example
 * pageOfSites(['site1', 'site2', 'site10'], 2, undefined, scope, secret); // { items: ['site1', 'site2'], next_cursor: 'v1.…', total: 3 }
 * @throws {@link InvalidCursorError} when the cursor was not issued for this scope.
 */
export function pageOfSites(
  sortedIds: readonly string[],
  limit: number,
  cursor: string | undefined,
  scope: string,
  secret: string,
  prefix = '',
): SitePage {
  const matching = prefix === '' ? sortedIds : sortedIds.filter((id) => id.startsWith(prefix));
  const after = cursor === undefined ? undefined : decodeCursor(cursor, scope, secret).after;
  const start = after === undefined ? 0 : matching.findIndex((id) => compareSiteIds(id, after) > 0);
  const from = start === -1 ? matching.length : start;
  const items = matching.slice(from, from + limit);
  const more = from + limit < matching.length;
  const last = items[items.length - 1];
  return {
    items,
    next_cursor: more && last !== undefined ? encodeCursor({ after: last }, scope, secret) : null,
    total: matching.length,
  };
}
