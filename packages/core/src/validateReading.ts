import { READING_LIMITS, SITE_ID, STORABLE_NUMBER } from './constants.js';
import { subtractExact } from './decimal.js';
import { InvalidTimestampError } from './errors.js';
import { normalizeTimestamp } from './timestamp.js';
import type { FieldIssue, Reading } from './types.js';

/** Settings of {@link validateReading}. */
export type ValidationOptions = {
  /** Largest accepted |energy| of one reading, kWh. Default {@link READING_LIMITS.maxAbsKwh}. */
  maxAbsKwh?: number;
};

/** Outcome of validating one record. */
export type ValidationResult = { ok: true; reading: Reading } | { ok: false; issues: FieldIssue[] };

/** Names a value's kind the way a reader of an error message expects (`null`, `array`, `NaN`). */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string')
    return `a string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Checks a `site_id`, returning the reason it is invalid or `undefined` when it is valid.
 * Shared by record validation and the API's path parameters.
 */
export function siteIdProblem(value: unknown): string | undefined {
  if (value === undefined) return 'is required';
  if (typeof value !== 'string') return `must be a string, got ${describeValue(value)}`;
  if (value.length < SITE_ID.minLength) return 'must not be empty';
  if (value.length > SITE_ID.maxLength)
    return `must be at most ${SITE_ID.maxLength} characters, got ${value.length}`;
  if (!SITE_ID.pattern.test(value)) {
    return 'may contain only letters, digits, "_", "-" and ".", starting with a letter or digit';
  }
  return undefined;
}

/** Why a computed or given number cannot be stored exactly, or `undefined` when it can. */
function storableProblem(value: number): string | undefined {
  const magnitude = Math.abs(value);
  if (magnitude > STORABLE_NUMBER.maxMagnitude) {
    return `is ${value}, beyond what DynamoDB and the document client store exactly (|value| ≤ 2^53 - 1)`;
  }
  if (magnitude !== 0 && magnitude < STORABLE_NUMBER.minMagnitude) {
    return `is ${value}, nonzero but below DynamoDB's smallest magnitude (1e-130)`;
  }
  return undefined;
}

function energyProblem(value: unknown, maxAbsKwh: number): string | undefined {
  if (value === undefined) return 'is required';
  // Strings are refused even when numeric: a quoted number usually means an upstream bug worth seeing.
  if (typeof value !== 'number') return `must be a number, got ${describeValue(value)}`;
  if (!Number.isFinite(value)) return `must be a finite number, got ${describeValue(value)}`;
  const unstorable = storableProblem(value);
  if (unstorable) return unstorable;
  if (Math.abs(value) > maxAbsKwh) {
    return `is ${value}, beyond the physical bound of ${maxAbsKwh} kWh per reading (${READING_LIMITS.environmentVariable})`;
  }
  return undefined;
}

/** Inputs whose shortest forms are 0 or ≥ this in magnitude have a net that is 0 or ≥ 1e-117: storable. */
const TINY_INPUT = 1e-100;

/**
 * Why generated − consumed cannot be stored, or `undefined`. Checked only where it can fail (a sum
 * beyond 2^53 - 1, or a tiny input), so that the common reading pays two comparisons.
 */
function netProblem(generated: number, consumed: number): string | undefined {
  const g = Math.abs(generated);
  const c = Math.abs(consumed);
  const tiny = (g !== 0 && g < TINY_INPUT) || (c !== 0 && c < TINY_INPUT);
  if (!tiny && g + c <= STORABLE_NUMBER.maxMagnitude) return undefined;
  return storableProblem(subtractExact(generated, consumed));
}

/**
 * Validates one decoded record and normalises its timestamp. Every failing
 * field is reported, in schema order; unknown extra fields are ignored. Energy values must be
 * storable exactly by DynamoDB and the document client ({@link STORABLE_NUMBER}), within the
 * physical bound per reading (`options.maxAbsKwh`), and so must their net.
 *
 * @example
 * validateReading({ site_id: 'site1', timestamp: '2025-02-16T21:30:43Z', energy_generated_kwh: 1, energy_consumed_kwh: 2 });
 * // { ok: true, reading: { ..., timestamp: '2025-02-16T21:30:43.000Z' } }
 */
export function validateReading(record: unknown, options: ValidationOptions = {}): ValidationResult {
  const maxAbsKwh = options.maxAbsKwh ?? READING_LIMITS.maxAbsKwh;
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return {
      ok: false,
      issues: [{ field: '(record)', reason: `must be a JSON object, got ${describeValue(record)}` }],
    };
  }
  const candidate = record as Record<string, unknown>;
  const issues: FieldIssue[] = [];

  const siteIssue = siteIdProblem(candidate.site_id);
  if (siteIssue) issues.push({ field: 'site_id', reason: siteIssue });

  let timestamp = '';
  const rawTimestamp = candidate.timestamp;
  if (rawTimestamp === undefined) issues.push({ field: 'timestamp', reason: 'is required' });
  else if (typeof rawTimestamp !== 'string') {
    issues.push({
      field: 'timestamp',
      reason: `must be an ISO-8601 string, got ${describeValue(rawTimestamp)}`,
    });
  } else {
    try {
      timestamp = normalizeTimestamp(rawTimestamp);
    } catch (error) {
      if (!(error instanceof InvalidTimestampError)) throw error;
      issues.push({ field: 'timestamp', reason: error.message });
    }
  }

  const generatedIssue = energyProblem(candidate.energy_generated_kwh, maxAbsKwh);
  if (generatedIssue) issues.push({ field: 'energy_generated_kwh', reason: generatedIssue });
  const consumedIssue = energyProblem(candidate.energy_consumed_kwh, maxAbsKwh);
  if (consumedIssue) issues.push({ field: 'energy_consumed_kwh', reason: consumedIssue });
  if (!generatedIssue && !consumedIssue) {
    const net = netProblem(candidate.energy_generated_kwh as number, candidate.energy_consumed_kwh as number);
    if (net) issues.push({ field: 'net_energy_kwh', reason: `(generated − consumed) ${net}` });
  }

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    reading: {
      site_id: candidate.site_id as string,
      timestamp,
      energy_generated_kwh: candidate.energy_generated_kwh as number,
      energy_consumed_kwh: candidate.energy_consumed_kwh as number,
    },
  };
}
