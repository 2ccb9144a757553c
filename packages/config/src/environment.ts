import { required, type VariableReader } from './defineEnvironment.js';
import { EnvironmentError } from './errors.js';

/** Inclusive bounds of a numeric environment variable. */
export type VariableRange = {
  /** Smallest accepted value. */
  min: number;
  /** Largest accepted value. */
  max: number;
};

// Blank (unset, empty or only spaces) counts as unset everywhere below.
function readTrimmed(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return env[name]?.trim() || undefined;
}

/**
 * Reads a required, non-blank variable, trimmed.
 *
 * @example
 * const bucket = requireVariable(process.env, 'RAW_BUCKET');
 * @throws {@link EnvironmentError} when the variable is unset or blank.
 */
export function requireVariable(env: NodeJS.ProcessEnv, name: string): string {
  return required(readTrimmed(env, name), name);
}

// Blank means `fallback`, or an error without one; otherwise `Number(raw)` when `accepts` it and
// it lies within `range`. `expected` names the kind of value in the error ("an integer").
function numericReader(
  range: VariableRange,
  fallback: number | undefined,
  accepts: (raw: string, value: number) => boolean,
  expected: string,
): VariableReader<number> {
  return (raw, name) => {
    if (raw === undefined) {
      if (fallback === undefined) throw new EnvironmentError(name, 'is required but not set');
      return fallback;
    }
    const value = Number(raw);
    if (!accepts(raw, value) || value < range.min || value > range.max) {
      throw new EnvironmentError(
        name,
        `must be ${expected} between ${range.min} and ${range.max}, got ${JSON.stringify(raw)}`,
      );
    }
    return value;
  };
}

/**
 * Reader of an integer written in decimal digits (an optional leading `-`) within `range`,
 * or `fallback` when blank; without a fallback the variable is required. `1e3`, `3.0` and
 * `0x10` are refused, as are integers beyond 2^53.
 */
export function integer(range: VariableRange, fallback?: number): VariableReader<number> {
  return numericReader(
    range,
    fallback,
    (raw, value) => /^-?\d+$/.test(raw) && Number.isSafeInteger(value),
    'an integer',
  );
}

/**
 * Reader of a finite number in any notation `Number()` accepts (`0.5`, `1e3`, `0x10`) within
 * `range`, or `fallback` when blank. With `integer` the value must also be whole (`3.0` and
 * `1e3` pass, `2.5` does not). Without a fallback the variable is required.
 */
export function finiteNumber(
  range: VariableRange & {
    /** Also require a whole number (default `false`). */
    integer?: boolean;
  },
  fallback?: number,
): VariableReader<number> {
  return numericReader(
    range,
    fallback,
    (_raw, value) => (range.integer ? Number.isInteger(value) : Number.isFinite(value)),
    range.integer ? 'an integer' : 'a number',
  );
}

/**
 * Reads an integer written in decimal digits (an optional leading `-`) within `range`, or
 * `fallback` when the variable is blank. Without a fallback the variable is required.
 *
 * @example
 * const maxFileBytes = integerVariable(process.env, 'MAX_FILE_BYTES', { min: 1, max: 2 ** 40 }, 104_857_600);
 * @throws {@link EnvironmentError} when it is required but unset, not a safe integer in
 * decimal digits (`1e3`, `3.0` and `0x10` are refused), or out of range.
 */
export function integerVariable(
  env: NodeJS.ProcessEnv,
  name: string,
  range: VariableRange,
  fallback?: number,
): number {
  return integer(range, fallback)(readTrimmed(env, name), name);
}

/**
 * Reads a finite number in any notation `Number()` accepts (`0.5`, `1e3`, `0x10`) within
 * `range`, or `fallback` when the variable is blank. With `integer` the value must also be
 * whole (`3.0` and `1e3` pass, `2.5` does not). Without a fallback the variable is required.
 *
 * @example
 * const probability = numberVariable(process.env, 'ANOMALY_PROBABILITY', { min: 0, max: 1 }, 0.2);
 * const siteCount = numberVariable(process.env, 'SITE_COUNT', { min: 1, max: 10_000, integer: true }, 10);
 * @throws {@link EnvironmentError} when it is required but unset, not a (whole) number, or
 * out of range.
 */
export function numberVariable(
  env: NodeJS.ProcessEnv,
  name: string,
  range: VariableRange & {
    /** Also require a whole number (default `false`). */
    integer?: boolean;
  },
  fallback?: number,
): number {
  return finiteNumber(range, fallback)(readTrimmed(env, name), name);
}
