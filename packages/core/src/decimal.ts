// Exact decimal arithmetic on the shortest decimal form of doubles. A meter
// reports 10.1 and 3.3; binary floating point says 10.1 - 3.3 = 6.799999999999999,
// the customer expects 6.8. We compute on the decimal digits (BigInt) instead.

type Decimal = { digits: bigint; scale: number };

function toDecimal(value: number): Decimal {
  // String(n) is the shortest text that round-trips to n: the precision the input was given at.
  const text = String(value);
  const exponentAt = text.search(/[eE]/);
  const mantissa = exponentAt === -1 ? text : text.slice(0, exponentAt);
  const exponent = exponentAt === -1 ? 0 : Number(text.slice(exponentAt + 1));
  const dot = mantissa.indexOf('.');
  const fraction = dot === -1 ? '' : mantissa.slice(dot + 1);
  const digits = BigInt(mantissa.replace('.', ''));
  const scale = fraction.length - exponent;
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}

function rescale(value: Decimal, scale: number): bigint {
  return value.digits * 10n ** BigInt(scale - value.scale);
}

function toNumber(digits: bigint, scale: number): number {
  if (scale === 0) return Number(digits);
  const negative = digits < 0n;
  const text = (negative ? -digits : digits).toString().padStart(scale + 1, '0');
  const result = Number(`${text.slice(0, -scale)}.${text.slice(-scale)}`);
  return negative ? -result : result;
}

/**
 * Sums finite numbers exactly at their decimal precision, then rounds once
 * to the nearest double. Non-finite inputs are the caller's error.
 *
 * @example
 * sumExact([0.1, 0.2]); // 0.3, not 0.30000000000000004
 */
export function sumExact(values: readonly number[]): number {
  const decimals = values.map(toDecimal);
  const scale = decimals.reduce((max, d) => Math.max(max, d.scale), 0);
  const total = decimals.reduce((sum, d) => sum + rescale(d, scale), 0n);
  return toNumber(total, scale);
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Above this a scaled value could round to a neighbour integer, so the search below defers to String. */
const EXACT_SCALED_LIMIT = 2 ** 50;

/** Digits after the decimal point in the shortest form of `value`, or -1 when it uses an exponent. */
function fractionDigits(value: number): number {
  const magnitude = Math.abs(value);
  // String(value) is the costly step of a subtraction. In the range where String uses no exponent,
  // the shortest form's fraction length is the least s whose round(value·10^s)/10^s gives value
  // back: while the scaled value stays below 2^50, value·10^s lands within 0.5 of the integer that
  // the s-digit decimal scales to, so the search cannot miss it nor accept a wrong one.
  if (magnitude >= 1e-6 && magnitude < 1e21) {
    for (let scale = 0; scale < POWERS_OF_TEN.length; scale++) {
      const power = POWERS_OF_TEN[scale] as number;
      const scaled = Math.round(value * power);
      if (Math.abs(scaled) >= EXACT_SCALED_LIMIT) break;
      if (scaled / power === value) return scale;
    }
  }
  return stringFractionDigits(value);
}

/** {@link fractionDigits} read off the shortest round-trip text of `value`. */
function stringFractionDigits(value: number): number {
  const text = String(value);
  if (text.includes('e')) return -1;
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
}

/**
 * `a - b` computed exactly at the inputs' decimal precision.
 *
 * @example
 * subtractExact(10.1, 3.3); // 6.8
 */
export function subtractExact(a: number, b: number): number {
  const scale = Math.max(fractionDigits(a), fractionDigits(b));
  if (scale >= 0 && scale <= 22) {
    // Fast path (every meter value in practice): both inputs scaled to integers below 2^53 are
    // exact after rounding, their difference is exact, and IEEE division by an exact power of ten
    // rounds once, to the same double that parsing the exact decimal result would give.
    const power = POWERS_OF_TEN[scale] as number;
    const scaledA = Math.round(a * power);
    const scaledB = Math.round(b * power);
    if (Number.isSafeInteger(scaledA) && Number.isSafeInteger(scaledB))
      return (scaledA - scaledB) / power + 0; // + 0 turns -0 into 0
  }
  return sumExact([a, -b]);
}
