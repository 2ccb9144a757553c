import { describe, expect, it } from 'vitest';
import { formatTickLatency, TickLatencyTracker } from '../src/cli/tickLatency.js';

const notification = (key: string) =>
  JSON.stringify({ Records: [{ eventSource: 'aws:s3', s3: { object: { key: encodeURIComponent(key) } } }] });

describe('TickLatencyTracker', () => {
  it('follows a tick file from the generator run to the batch that acknowledged it', () => {
    let now = 1_000;
    const seen: string[] = [];
    const tracker = new TickLatencyTracker(
      60,
      (tick) => seen.push(formatTickLatency(tick)),
      () => now,
    );
    tracker.written({ key: 'readings/2025/02/16/21/a b.json', count: 10_000 }, 1_500);
    tracker.written({ key: 'readings/2025/02/16/21/c.json', count: 10_000 }, 1_400);
    expect(tracker.backlog).toBe(2);
    now += 12_500;
    tracker.processed([notification('readings/2025/02/16/21/a b.json'), '{"Event":"s3:TestEvent"}'], 11_000);
    expect(tracker.backlog).toBe(1);
    expect(tracker.done).toEqual([
      {
        key: 'readings/2025/02/16/21/a b.json',
        readings: 10_000,
        writeMs: 1_500,
        lagSeconds: 12.5,
        invocationMs: 11_000,
        readingsPerSecond: 800,
        rateSeconds: 60,
      },
    ]);
    expect(seen[0]).toContain('10,000 readings processed 12.5 s after written (800 readings/s;');
    expect(seen[0]).toContain('keeps up: rate 60 s');
    now += 70_000;
    tracker.processed([notification('readings/2025/02/16/21/c.json')], 9_000);
    expect(seen[1]).toContain('BEHIND');
  });

  it('ignores runs without a key and bodies that are not notifications', () => {
    const tracker = new TickLatencyTracker(
      5,
      () => undefined,
      () => 0,
    );
    tracker.written(undefined, 1);
    tracker.processed(['not json'], 1);
    expect(tracker.backlog).toBe(0);
    expect(tracker.done).toEqual([]);
  });
});
