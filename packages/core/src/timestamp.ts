import { InvalidTimestampError } from './errors.js';

// Date, time, optional seconds and fraction, and a mandatory zone: a
// timestamp without a zone is ambiguous, and guessing one silently shifts data.
const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const MS_PER_MINUTE = 60_000;

function daysInMonth(year: number, month: number): number {
  // The Gregorian calendar repeats every 400 years; shifting into 2000-2399 avoids Date's 0-99 year quirk.
  return new Date(Date.UTC(2000 + (year % 400), month, 0)).getUTCDate();
}

/** Epoch milliseconds of a UTC civil date-time; Date.UTC maps years 0–99 to 1900+, so set the year apart. */
function utcMillis(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
) {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

function checkDate(input: string, year: number, month: number, day: number): void {
  if (month < 1 || month > 12) throw new InvalidTimestampError(input, `month ${month} is out of range 01-12`);
  const maxDay = daysInMonth(year, month);
  if (day < 1 || day > maxDay) {
    throw new InvalidTimestampError(
      input,
      `day ${day} is out of range 01-${maxDay} for ${year}-${String(month).padStart(2, '0')}`,
    );
  }
}

/**
 * Formats epoch milliseconds in the canonical form `YYYY-MM-DDTHH:mm:ss.SSSZ`.
 * One fixed width for every timestamp is what makes string order equal time order.
 */
export function formatCanonical(epochMs: number, input: unknown = epochMs): string {
  const iso = new Date(epochMs).toISOString();
  // toISOString switches to a signed 6-digit year outside 0000-9999, which would break ordering.
  if (iso.length !== 24) throw new InvalidTimestampError(input, 'year must be between 0000 and 9999 in UTC');
  return iso;
}

/**
 * Parses an ISO-8601 timestamp with `Z` or a numeric offset and returns its
 * epoch milliseconds. Sub-millisecond digits are accepted only when zero, so that
 * two distinct instants never collapse into one stored key.
 *
 * @throws {@link InvalidTimestampError} naming what is wrong.
 */
function parseTimestampMillis(input: string): number {
  const match = ISO_TIMESTAMP.exec(input);
  if (!match) {
    throw new InvalidTimestampError(
      input,
      'must be ISO-8601 with a zone, e.g. 2025-02-16T21:30:43Z or 2025-02-16T22:30:43+01:00',
    );
  }
  const [, y, mo, d, h, mi, s = '0', frac = '', zulu, sign, oh = '0', om = '0'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  checkDate(input, year, month, day);
  if (hour > 23) throw new InvalidTimestampError(input, `hour ${hour} is out of range 00-23`);
  if (minute > 59) throw new InvalidTimestampError(input, `minute ${minute} is out of range 00-59`);
  if (second > 59) throw new InvalidTimestampError(input, `second ${second} is out of range 00-59`);
  if (frac.length > 3 && /[1-9]/.test(frac.slice(3))) {
    throw new InvalidTimestampError(input, 'sub-millisecond precision is not supported');
  }
  const ms = Number(frac.slice(0, 3).padEnd(3, '0'));
  let offsetMinutes = 0;
  if (!zulu) {
    const offsetHours = Number(oh);
    const offsetMins = Number(om);
    if (offsetHours > 14 || offsetMins > 59)
      throw new InvalidTimestampError(input, `offset ${sign}${oh}:${om} is out of range`);
    offsetMinutes = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  return utcMillis(year, month, day, hour, minute, second, ms) - offsetMinutes * MS_PER_MINUTE;
}

/**
 * Normalises an ISO-8601 timestamp to the canonical UTC form `YYYY-MM-DDTHH:mm:ss.SSSZ`.
 *
 * @example
 * normalizeTimestamp('2025-02-16T22:30:43+01:00'); // '2025-02-16T21:30:43.000Z'
 * @throws {@link InvalidTimestampError} naming what is wrong.
 */
export function normalizeTimestamp(input: string): string {
  return canonicalZulu(input) ?? formatCanonical(parseTimestampMillis(input), input);
}

const DIGIT_0 = 0x30;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** The value of two ASCII digits at `at`, or -1 when either is not a digit. */
function twoDigits(input: string, at: number): number {
  const tens = input.charCodeAt(at) - DIGIT_0;
  const ones = input.charCodeAt(at + 1) - DIGIT_0;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/**
 * Fast path for the shapes producers write almost always, `YYYY-MM-DDTHH:mm:ssZ`
 * and `YYYY-MM-DDTHH:mm:ss.SSSZ`: they are already UTC, so the canonical form is
 * the same digits with the milliseconds filled in, no Date needed (the Date path
 * costs a third of a reading's parse time). Returns `undefined` for anything
 * else, and for out-of-range fields, so that {@link parseTimestampMillis} gives
 * every other input its usual result or error.
 */
function canonicalZulu(input: string): string | undefined {
  const length = input.length;
  if (length !== 20 && length !== 24) return undefined;
  if (
    input.charCodeAt(4) !== 0x2d || // -
    input.charCodeAt(7) !== 0x2d ||
    input.charCodeAt(10) !== 0x54 || // T
    input.charCodeAt(13) !== 0x3a || // :
    input.charCodeAt(16) !== 0x3a ||
    input.charCodeAt(length - 1) !== 0x5a // Z
  )
    return undefined;
  const century = twoDigits(input, 0);
  const yearOfCentury = twoDigits(input, 2);
  const month = twoDigits(input, 5);
  const day = twoDigits(input, 8);
  const hour = twoDigits(input, 11);
  const minute = twoDigits(input, 14);
  const second = twoDigits(input, 17);
  if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  const year = century * 100 + yearOfCentury;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const maxDay = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  if (day > maxDay) return undefined;
  if (length === 20) return `${input.slice(0, 19)}.000Z`;
  if (input.charCodeAt(19) !== 0x2e) return undefined; // .
  const msHigh = input.charCodeAt(20) - DIGIT_0;
  if (msHigh < 0 || msHigh > 9 || twoDigits(input, 21) < 0) return undefined;
  return input;
}

/**
 * Normalises a query bound: a date-only value (`2025-02-16`) means the whole
 * UTC day, so a `start` bound is its first millisecond and an `end` bound its
 * last; anything else must be a full timestamp. Bounds are inclusive.
 *
 * @example
 * normalizeBound('2025-02-16', 'end'); // '2025-02-16T23:59:59.999Z'
 * @throws {@link InvalidTimestampError} naming what is wrong.
 */
export function normalizeBound(input: string, bound: 'start' | 'end'): string {
  const date = ISO_DATE.exec(input);
  if (!date) return normalizeTimestamp(input);
  const [, y, mo, d] = date;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  checkDate(input, year, month, day);
  const start = utcMillis(year, month, day, 0, 0, 0, 0);
  return formatCanonical(bound === 'start' ? start : start + 86_400_000 - 1, input);
}
