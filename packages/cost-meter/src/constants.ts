/**
 * DynamoDB's capacity rules as documented (Developer Guide, "DynamoDB read and write
 * operations", read 2026-12-01). Item sizes follow core's `itemSize`.
 */
export const DYNAMODB_BILLING = {
  /** One write unit covers an item up to this many bytes (1 KB); larger items take one unit per started KB. */
  writeUnitBytes: 1_024,
  /** One strongly consistent read unit covers up to this many bytes (4 KB). */
  readUnitBytes: 4_096,
  /** An eventually consistent read costs this fraction of a strongly consistent one. */
  eventuallyConsistentFactor: 0.5,
  /** A transactional read or write costs this multiple of a standard one. */
  transactionalFactor: 2,
} as const;

/** Name of the middleware step the meter adds to a client's stack. */
export const COST_METER_MIDDLEWARE = 'energyCostMeter';
