import { describe, expect, it } from 'vitest';
import { SUMMARY_LIMITS } from '../src/constants.js';
import { scanStartHour, summarizerScan } from '../src/summaryScan.js';

const at = (iso: string) => Date.parse(iso);

describe('summarizerScan', () => {
  it('reads the last window days whole before the first checkpoint', () => {
    // Act
    const scans = summarizerScan(at('2025-02-16T12:15:00Z'), undefined, []);

    // Assess
    expect(SUMMARY_LIMITS.windowDays).toBe(3);
    expect(scans).toStrictEqual([
      { day: '2025-02-14', fromHour: '00' },
      { day: '2025-02-15', fromHour: '00' },
      { day: '2025-02-16', fromHour: '00' },
    ]);
  });

  it('reads from liveHours plus the margin before the checkpoint, not the whole day', () => {
    // Act: checkpoint 12:00, minus 2 h and 16 min: 09:44, so from hour 09.
    const scans = summarizerScan(at('2025-02-16T12:15:00Z'), at('2025-02-16T12:00:00Z'), []);

    // Assess
    expect(scans).toStrictEqual([{ day: '2025-02-16', fromHour: '09' }]);
  });

  it('crosses midnight: the end of yesterday, then today whole', () => {
    // Act
    const scans = summarizerScan(at('2025-02-17T00:15:00Z'), at('2025-02-17T00:00:00Z'), []);

    // Assess
    expect(scans).toStrictEqual([
      { day: '2025-02-16', fromHour: '21' },
      { day: '2025-02-17', fromHour: '00' },
    ]);
  });

  it('covers every day since an old checkpoint (an outage longer than the window) and whole marked days', () => {
    // Act
    const scans = summarizerScan(at('2025-02-20T06:00:00Z'), at('2025-02-15T13:00:00Z'), [
      '2025-01-31',
      '2025-02-15',
    ]);

    // Assess
    expect(scans).toStrictEqual([
      { day: '2025-01-31', fromHour: '00' },
      { day: '2025-02-15', fromHour: '00' },
      { day: '2025-02-16', fromHour: '00' },
      { day: '2025-02-17', fromHour: '00' },
      { day: '2025-02-18', fromHour: '00' },
      { day: '2025-02-19', fromHour: '00' },
      { day: '2025-02-20', fromHour: '00' },
    ]);
  });

  it('never starts after now when the checkpoint is ahead of the clock', () => {
    // Act
    const scans = summarizerScan(at('2025-02-16T12:00:00Z'), at('2025-02-16T18:00:00Z'), []);

    // Assess
    expect(scans).toStrictEqual([{ day: '2025-02-16', fromHour: '09' }]);
  });
});

describe('scanStartHour', () => {
  it('gives the hour liveHours plus the margin before a checkpoint, the one summarizerScan starts at', () => {
    // Assess: 12:00 − 2 h 16 min = 09:44; 12:15 gives 09:59 (same hour); 12:16 gives 10:00.
    expect(scanStartHour(at('2025-02-16T12:00:00Z'))).toBe('2025-02-16T09');
    expect(scanStartHour(at('2025-02-16T12:15:00Z'))).toBe('2025-02-16T09');
    expect(scanStartHour(at('2025-02-16T12:16:00Z'))).toBe('2025-02-16T10');
    expect(scanStartHour(at('2025-02-17T00:00:00Z'))).toBe('2025-02-16T21');
    const [first] = summarizerScan(at('2025-02-16T12:15:00Z'), at('2025-02-16T12:00:00Z'), []);
    expect(`${first?.day}T${first?.fromHour}`).toBe(scanStartHour(at('2025-02-16T12:00:00Z')));
  });
});
