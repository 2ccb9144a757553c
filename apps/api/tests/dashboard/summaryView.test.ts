import { describe, expect, it } from 'vitest';
import { compareSiteIds, timeSeriesOf } from '../../dashboard/src/summaryView.js';
import type { Aggregate } from '../../dashboard/src/types.js';

const aggregate = (overrides: Partial<Aggregate> = {}): Aggregate => ({
  generated_kwh: 0,
  consumed_kwh: 0,
  net_kwh: 0,
  count: 0,
  anomalies: 0,
  excluded: 0,
  ...overrides,
});

describe('Function: timeSeriesOf', () => {
  it('has a slot per bucket of the window, null where no reading arrived', () => {
    // Prepare
    const window = {
      from: '2025-02-16T20:00:00.000Z',
      to: '2025-02-16T22:59:00.000Z',
      bucket: 'hour' as const,
    };
    const timeline = [
      { bucket: '2025-02-16T20', ...aggregate({ generated_kwh: 10, consumed_kwh: 4, net_kwh: 6, count: 2 }) },
      { bucket: '2025-02-16T22', ...aggregate({ generated_kwh: 1, consumed_kwh: 3, net_kwh: -2, count: 1 }) },
    ];

    // Act
    const series = timeSeriesOf({ timeline }, window);

    // Assess
    expect(series).toStrictEqual({
      buckets: ['2025-02-16T20', '2025-02-16T21', '2025-02-16T22'],
      generated: [10, null, 1],
      consumed: [4, null, 3],
      net: [6, null, -2],
    });
  });

  it('ignores timeline entries outside the window', () => {
    // Prepare
    const window = {
      from: '2025-02-16T00:00:00.000Z',
      to: '2025-02-16T12:00:00.000Z',
      bucket: 'day' as const,
    };
    const timeline = [{ bucket: '2025-02-10', ...aggregate({ generated_kwh: 5, count: 1 }) }];

    // Act
    const series = timeSeriesOf({ timeline }, window);

    // Assess
    expect(series).toStrictEqual({
      buckets: ['2025-02-16'],
      generated: [null],
      consumed: [null],
      net: [null],
    });
  });
});

describe('Function: compareSiteIds', () => {
  it('orders site2 before site10', () => {
    expect(['site10', 'site2', 'site1'].sort(compareSiteIds)).toStrictEqual(['site1', 'site2', 'site10']);
  });
});
