import { describe, expect, it } from 'vitest';
import { dedupeReadings } from '../../src/ingest/dedupeReadings.js';
import { readingItem } from '../helpers/factories.js';

describe('Function: dedupeReadings', () => {
  it('keeps the last of each (site_id, timestamp) and counts the others', () => {
    // Prepare
    const first = readingItem({ generated: 1 });
    const other = readingItem({ site_id: 'site2', generated: 2 });
    const corrected = readingItem({ generated: 3 });
    const otherTime = readingItem({ timestamp: '2025-02-16T21:35:43.000Z' });

    // Act
    const result = dedupeReadings([first, other, corrected, otherTime, corrected]);

    // Assess
    expect(result).toStrictEqual({ items: [other, otherTime, corrected], duplicates: 2 });
  });

  it('leaves distinct items alone', () => {
    // Prepare
    const items = [readingItem(), readingItem({ site_id: 'site2' })];

    // Act & Assess
    expect(dedupeReadings(items)).toStrictEqual({ items, duplicates: 0 });
  });
});
