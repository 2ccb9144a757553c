import { describe, expect, it } from 'vitest';
import { siteIdProblem, validateReading } from '../src/index.js';
import { originalReading } from './helpers/arbitraries.js';

describe('Function: validateReading (storable numbers)', () => {
  it.each([
    [{ energy_generated_kwh: 1e16 }, 'energy_generated_kwh', '2^53 - 1'],
    [{ energy_generated_kwh: 1e308 }, 'energy_generated_kwh', '2^53 - 1'],
    [{ energy_consumed_kwh: -(2 ** 53) }, 'energy_consumed_kwh', '2^53 - 1'],
    [{ energy_generated_kwh: 1e-131 }, 'energy_generated_kwh', 'smallest magnitude'],
    [{ energy_consumed_kwh: 5e-324 }, 'energy_consumed_kwh', 'smallest magnitude'],
    [{ energy_generated_kwh: 1_000_001 }, 'energy_generated_kwh', 'physical bound of 1000000 kWh'],
    [{ energy_generated_kwh: 1.5e-130, energy_consumed_kwh: 1e-130 }, 'net_energy_kwh', 'smallest magnitude'],
  ])('rejects %j: %s %s', (override, field, reason) => {
    // Act
    const result = validateReading(originalReading(override));

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.field).toBe(field);
    expect(result.issues[0]?.reason).toContain(reason);
  });

  it('reports a net beyond 2^53 - 1 when the bound allows such inputs', () => {
    // Act
    const result = validateReading(
      originalReading({ energy_generated_kwh: 2 ** 52, energy_consumed_kwh: -(2 ** 52) }),
      { maxAbsKwh: 2 ** 52 },
    );

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toStrictEqual([
      {
        field: 'net_energy_kwh',
        reason: `(generated − consumed) is ${2 ** 53}, beyond what DynamoDB and the document client store exactly (|value| ≤ 2^53 - 1)`,
      },
    ]);
  });

  it.each([0, -1, 1e-130, 1e-7, 1_000_000, -1_000_000, 52.1234])('accepts %d', (value) => {
    expect(validateReading(originalReading({ energy_generated_kwh: value })).ok).toBe(true);
  });

  it('takes the physical bound from its options', () => {
    const record = (generated: number) =>
      originalReading({ energy_generated_kwh: generated, energy_consumed_kwh: -1 });
    expect(validateReading(record(11), { maxAbsKwh: 10 }).ok).toBe(false);
    expect(validateReading(record(10), { maxAbsKwh: 10 }).ok).toBe(true);
  });
});

describe('Function: validateReading', () => {
  it('accepts the original feed format and normalises the timestamp', () => {
    // Act
    const result = validateReading(originalReading());

    // Assess
    expect(result).toStrictEqual({
      ok: true,
      reading: {
        site_id: 'site1',
        timestamp: '2025-02-16T21:30:43.000Z',
        energy_generated_kwh: 52.1234,
        energy_consumed_kwh: 17.5,
      },
    });
  });

  it('ignores unknown extra fields', () => {
    expect(validateReading(originalReading({ firmware: '1.2' })).ok).toBe(true);
  });

  it.each([
    [{ site_id: undefined }, 'site_id', 'is required'],
    [{ site_id: '' }, 'site_id', 'must not be empty'],
    [{ site_id: 42 }, 'site_id', 'must be a string, got 42'],
    [{ site_id: 'x'.repeat(65) }, 'site_id', 'at most 64 characters, got 65'],
    [{ site_id: 'site#1' }, 'site_id', 'may contain only'],
    [{ site_id: '-site' }, 'site_id', 'starting with a letter or digit'],
    [{ timestamp: undefined }, 'timestamp', 'is required'],
    [{ timestamp: 1739741443 }, 'timestamp', 'must be an ISO-8601 string, got 1739741443'],
    [{ timestamp: '2025-02-16T21:30:43' }, 'timestamp', 'with a zone'],
    [{ timestamp: '2025-02-30T21:30:43Z' }, 'timestamp', 'day 30'],
    [{ energy_generated_kwh: undefined }, 'energy_generated_kwh', 'is required'],
    [{ energy_generated_kwh: Number.NaN }, 'energy_generated_kwh', 'must be a finite number, got NaN'],
    [
      { energy_generated_kwh: Number.POSITIVE_INFINITY },
      'energy_generated_kwh',
      'must be a finite number, got Infinity',
    ],
    [{ energy_consumed_kwh: Number.NEGATIVE_INFINITY }, 'energy_consumed_kwh', 'got -Infinity'],
    [{ energy_consumed_kwh: null }, 'energy_consumed_kwh', 'must be a number, got null'],
    [{ energy_consumed_kwh: true }, 'energy_consumed_kwh', 'must be a number, got a boolean'],
    [{ energy_consumed_kwh: '12.5' }, 'energy_consumed_kwh', 'must be a number, got a string "12.5"'],
    [{ energy_consumed_kwh: [1] }, 'energy_consumed_kwh', 'must be a number, got an array'],
    [{ energy_consumed_kwh: { value: 1 } }, 'energy_consumed_kwh', 'must be a number, got an object'],
  ])('rejects %j: %s %s', (override, field, reason) => {
    // Act
    const result = validateReading(originalReading(override));

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]?.field).toBe(field);
    expect(result.issues[0]?.reason).toContain(reason);
  });

  it.each([null, 42, 'text', [originalReading()]])('rejects a record that is not an object: %j', (record) => {
    const result = validateReading(record);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.field).toBe('(record)');
  });

  it('reports every failing field, in schema order', () => {
    const result = validateReading({ energy_consumed_kwh: 'x' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((i) => i.field)).toStrictEqual([
        'site_id',
        'timestamp',
        'energy_generated_kwh',
        'energy_consumed_kwh',
      ]);
    }
  });
});

describe('Function: siteIdProblem', () => {
  it('accepts the charset and bounds', () => {
    expect(siteIdProblem('site1')).toBeUndefined();
    expect(siteIdProblem('Plant_7.North-2')).toBeUndefined();
    expect(siteIdProblem('x'.repeat(64))).toBeUndefined();
  });
});
