import { describe, expect, it } from 'vitest';
import {
  type ContributionHead,
  type ContributionPart,
  contributionItems,
  enrichReading,
  FileContribution,
  headIdentity,
  observationsOfHead,
} from '../../src/index.js';

function contribution(sites: number, timestamp: string): FileContribution {
  const c = new FileContribution();
  for (let i = 0; i < sites; i++)
    c.add(
      enrichReading({
        site_id: `site-${String(i).padStart(4, '0')}`,
        timestamp,
        energy_generated_kwh: i % 3 === 0 ? -1 : 2.5,
        energy_consumed_kwh: i % 5 === 0 ? -1 : 1,
      }),
    );
  return c;
}

const source = { bucket: 'raw', key: 'readings/2025/03/10/12/tick.json', sequencer: '00AB', segment: 0 };

describe('observationsOfHead', () => {
  it('reads an inline head: one observation per site at its last reading, with per-rule counts', () => {
    const items = contributionItems(
      contribution(4, '2025-03-10T12:05:00.000Z'),
      source,
      '2025-03-10T12:05:03.000Z',
    );
    const head = items[0] as ContributionHead;
    expect(head.parts).toBe(0);
    const observations = observationsOfHead(head, []);
    expect(observations).toStrictEqual([
      {
        siteId: 'site-0000',
        timeMs: Date.parse('2025-03-10T12:05:00.000Z'),
        count: 1,
        anomalies: { NEGATIVE_CONSUMPTION: 1, NEGATIVE_GENERATION: 1 },
        sourceKey: source.key,
      },
      {
        siteId: 'site-0001',
        timeMs: Date.parse('2025-03-10T12:05:00.000Z'),
        count: 1,
        anomalies: {},
        sourceKey: source.key,
      },
      {
        siteId: 'site-0002',
        timeMs: Date.parse('2025-03-10T12:05:00.000Z'),
        count: 1,
        anomalies: {},
        sourceKey: source.key,
      },
      {
        siteId: 'site-0003',
        timeMs: Date.parse('2025-03-10T12:05:00.000Z'),
        count: 1,
        anomalies: { NEGATIVE_GENERATION: 1 },
        sourceKey: source.key,
      },
    ]);
  });

  it('reads the parts of a large head, ignoring parts of another version', () => {
    const items = contributionItems(
      contribution(1_000, '2025-03-10T12:05:00.000Z'),
      source,
      '2025-03-10T12:05:03.000Z',
      { maxPartBytes: 10_000 },
    );
    const head = items[0] as ContributionHead;
    const parts = items.slice(1) as ContributionPart[];
    expect(head.parts).toBeGreaterThan(1);
    const stale = { ...(parts[0] as ContributionPart), order: '0|old' };
    const observations = observationsOfHead(head, [...parts, stale]);
    expect(observations).toHaveLength(1_000);
    expect(observations.filter((o) => o.anomalies.NEGATIVE_GENERATION === 1)).toHaveLength(334);
  });

  it('identifies a redelivered head as the same and a new version as another', () => {
    const first = contributionItems(
      contribution(2, '2025-03-10T12:05:00.000Z'),
      source,
      '2025-03-10T12:05:03.000Z',
    )[0] as ContributionHead;
    const again = contributionItems(
      contribution(2, '2025-03-10T12:05:00.000Z'),
      source,
      '2025-03-10T12:09:00.000Z',
    )[0] as ContributionHead;
    const newer = contributionItems(
      contribution(2, '2025-03-10T12:05:00.000Z'),
      { ...source, sequencer: '00AC' },
      '2025-03-10T12:09:00.000Z',
    )[0] as ContributionHead;
    expect(again.order).not.toBe(first.order);
    expect(headIdentity(again)).toBe(headIdentity(first));
    expect(headIdentity(newer)).not.toBe(headIdentity(first));
  });
});
