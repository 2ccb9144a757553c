import type { CursorKey } from '../cursor.js';

/** One page of a DynamoDB Query or Scan. */
export type Page<T> = {
  /** Items of the page, in the order DynamoDB returned them. */
  items: T[];
  /** Where the next page starts; absent on the last page. */
  lastKey?: CursorKey;
  /** Items DynamoDB read to produce the page (more than `items.length` only where a filter expression is used: the alerts). */
  scannedCount: number;
  /** Items the page matched: `items.length`, or the count of a `countOnly` page. */
  count: number;
};

/** Where a page starts and how many items it may hold. */
export type PageRequest = {
  /** Most items to return. */
  limit: number;
  /** Key to continue after (a previous page's `lastKey`). */
  startKey?: CursorKey;
  /** Count the matching items instead of returning them (`Select: COUNT`): `items` is then empty. */
  countOnly?: boolean;
};

/** The readings of one site between two canonical timestamps, inclusive. */
export type SiteRangeQuery = PageRequest & {
  /** Site to read. */
  siteId: string;
  /** First canonical timestamp, inclusive. */
  from: string;
  /** Last canonical timestamp, inclusive. */
  to: string;
  /** Newest first when true. */
  descending?: boolean;
};
