// DynamoDB bills a write by the size of the whole item (1 WRU per started KB), by these rules
// (Developer Guide, "Item sizes and formats"): an attribute costs the UTF-8 length of its name plus
// its value; a string its UTF-8 length; a number about one byte per two significant digits plus
// one; binary its raw bytes; a boolean or null one byte; a set the sum of its members; a list or
// map three bytes plus one byte per element, plus the elements (and, for a map, their names). This
// is the one definition: the cost meter sizes wire-form items with it too. The summary packs many sites into one item, so it must
// know where 400 KB (the item limit) and 1 KB (one write unit) fall before it writes.

const encoder = new TextEncoder();

/** UTF-8 length of a string, bytes. */
export function utf8Length(text: string): number {
  // ASCII fast path: site ids and key parts are ASCII, and encoding each one would dominate.
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  return ascii ? text.length : encoder.encode(text).length;
}

/**
 * A number as DynamoDB's wire form carries it, digits in text (`{ N: '0042.1000' }`): sized by
 * its digits as written, so one of more significant digits than a JS number holds (DynamoDB
 * keeps 38) is not rounded first. Wrap such text in it to size it as a number, not a string.
 */
export class NumberText {
  /** @param text the number's decimal text, as DynamoDB's `N`. */
  public constructor(public readonly text: string) {}
}

/**
 * Size of a DynamoDB number value: significant digits / 2, rounded up, plus one byte. Leading
 * and trailing zeros are trimmed, so `'0042.1000'` has the 3 digits of `421`; zero takes one digit.
 *
 * @example
 * numberSize(42.1234); // 4
 * numberSize('0042.1000'); // 3
 */
export function numberSize(value: number | string): number {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const digits = text
    .replace(/^[-+]/, '')
    .replace(/e.*$/i, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

/**
 * Size of one attribute value as DynamoDB counts it, bytes: strings, numbers (or
 * {@link NumberText}), binary (`Uint8Array`, raw bytes), booleans, null, lists, maps and sets;
 * `undefined` members are not stored and cost nothing.
 *
 * @example
 * valueSize([52.3412, 17.5, 1]); // 3 + 3 list-element bytes + 4 + 3 + 2 = 15
 */
export function valueSize(value: unknown): number {
  if (typeof value === 'string') return utf8Length(value);
  if (typeof value === 'number') return numberSize(value);
  if (value instanceof NumberText) return numberSize(value.text);
  if (typeof value === 'boolean' || value === null) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) {
    let size = 0;
    for (const member of value) size += valueSize(member);
    return size;
  }
  if (Array.isArray(value)) {
    let size = 3;
    for (const element of value) size += 1 + valueSize(element);
    return size;
  }
  if (typeof value === 'object') {
    let size = 3;
    for (const [name, member] of Object.entries(value as Record<string, unknown>)) {
      if (member === undefined) continue;
      size += 1 + utf8Length(name) + valueSize(member);
    }
    return size;
  }
  return 0;
}

/**
 * Size of a whole item as DynamoDB bills it, bytes: the sum over its attributes of name and value.
 *
 * @example
 * itemSize({ pk: 'FLEET#2025-02-16', sk: '21#ab#0', count: 10 }); // 2+16 + 2+7 + 5+2 = 34
 */
export function itemSize(item: Record<string, unknown>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += utf8Length(name) + valueSize(value);
  }
  return size;
}

/** Write units of a put of `item` (on-demand: one per started KB), not counting indexes. */
export function writeUnits(item: Record<string, unknown>): number {
  return Math.max(1, Math.ceil(itemSize(item) / 1024));
}
