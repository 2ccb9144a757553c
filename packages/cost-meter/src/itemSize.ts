import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { convertToNative } from '@aws-sdk/util-dynamodb';
import { valueSize as coreValueSize, NumberText, utf8Length } from '@energy/core';
import { DYNAMODB_BILLING } from './constants.js';

/** An item in DynamoDB's wire form (`{ site_id: { S: 'site1' } }`). */
export type WireItem = Record<string, AttributeValue>;

// Wire form to native (`{ N: '42.1' }` -> NumberText('42.1'), `{ B }` -> Uint8Array, sets -> Set),
// then core's rules: one definition of DynamoDB's item size for the processor and the meter.
const toNative = (value: AttributeValue): unknown => {
  try {
    return convertToNative(value, { wrapNumbers: (text: string) => new NumberText(text) });
  } catch (error) {
    throw new TypeError(`not a DynamoDB attribute value: ${JSON.stringify(value)}`, { cause: error });
  }
};

/** Bytes of one value (without its attribute name), by core's {@link coreValueSize} on its native form. */
export function valueSize(value: AttributeValue): number {
  return coreValueSize(toNative(value));
}

/**
 * Size of an item as DynamoDB bills it (core's `itemSize` on the item's native form). The
 * 100-byte per-item overhead is storage only, not throughput, so it is not counted here.
 *
 * @example
 * itemSize({ site_id: { S: 'site1' } }); // 7 + 5 = 12
 */
export function itemSize(item: WireItem): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += utf8Length(name) + valueSize(value);
  return bytes;
}

/** Write units of one item of `bytes`: one per started KB, at least one. */
export function writeUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / DYNAMODB_BILLING.writeUnitBytes));
}

/**
 * Read units of `bytes` read in one operation: one per started 4 KB (at least one),
 * halved for an eventually consistent read.
 */
export function readUnits(bytes: number, consistent: boolean): number {
  const units = Math.max(1, Math.ceil(bytes / DYNAMODB_BILLING.readUnitBytes));
  return consistent ? units : units * DYNAMODB_BILLING.eventuallyConsistentFactor;
}
