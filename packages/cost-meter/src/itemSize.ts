import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DYNAMODB_BILLING } from './constants.js';

/** An item in DynamoDB's wire form (`{ site_id: { S: 'site1' } }`). */
export type WireItem = Record<string, AttributeValue>;

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * Bytes of a number by DynamoDB's rule: one byte per two significant digits, plus one.
 * Leading and trailing zeros are trimmed, so `'0042.1000'` has the 3 digits of `421`.
 */
export function numberSize(text: string): number {
  const mantissa = text.trim().replace(/^[-+]/, '').split(/[eE]/)[0] ?? '';
  const digits = mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  // Zero trims to nothing; it still takes one digit.
  const significant = Math.max(1, digits.length);
  return Math.ceil(significant / 2) + DYNAMODB_BILLING.numberOverheadBytes;
}

/** Bytes of one value (without its attribute name). */
export function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return DYNAMODB_BILLING.booleanOrNullBytes;
  if (value.SS !== undefined) return value.SS.reduce((sum, element) => sum + utf8(element), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, element) => sum + numberSize(element), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, element) => sum + element.byteLength, 0);
  if (value.L !== undefined) {
    return (
      DYNAMODB_BILLING.containerOverheadBytes +
      value.L.reduce((sum, element) => sum + valueSize(element) + DYNAMODB_BILLING.elementOverheadBytes, 0)
    );
  }
  if (value.M !== undefined) {
    return (
      DYNAMODB_BILLING.containerOverheadBytes +
      Object.entries(value.M).reduce(
        (sum, [name, element]) =>
          sum + utf8(name) + valueSize(element) + DYNAMODB_BILLING.elementOverheadBytes,
        0,
      )
    );
  }
  throw new TypeError(`not a DynamoDB attribute value: ${JSON.stringify(value)}`);
}

/**
 * Size of an item as DynamoDB bills it: the sum over attributes of the name's UTF-8 bytes
 * and the value's size (strings: UTF-8 bytes; numbers: one byte per two significant digits
 * plus one; binary: raw bytes; Boolean and Null: one byte; List and Map: 3 bytes plus one
 * per element plus the elements). The 100-byte per-item overhead is storage only, not
 * throughput, so it is not counted here.
 *
 * @example
 * itemSize({ site_id: { S: 'site1' } }); // 7 + 5 = 12
 */
export function itemSize(item: WireItem): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += utf8(name) + valueSize(value);
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
