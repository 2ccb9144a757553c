import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ContributionHead,
  type ContributionPart,
  contributionItems,
  decodeEntry,
  enrichReading,
  FileContribution,
  hasFaultyValue,
  itemSize,
  periodStartMs,
  sumExact,
  TotalsSum,
  unpackSites,
} from '../src/index.js';
import { readingArb } from './helpers/arbitraries.js';

const at = (site_id: string, timestamp: string, generated: number, consumed: number) =>
  enrichReading({ site_id, timestamp, energy_generated_kwh: generated, energy_consumed_kwh: consumed });
const source = {
  bucket: 'raw',
  key: 'readings/2025/02/16/21/a.json',
  sequencer: '0055AED6DCD90281E5',
  segment: 0,
};
const INGESTED = '2025-02-16T21:36:00.000Z';

const heads = (items: unknown[]) =>
  items.filter((i) => (i as { pk: string }).pk.startsWith('FLEET#')) as ContributionHead[];
const parts = (items: unknown[]) =>
  items.filter((i) => (i as { pk: string }).pk.startsWith('SITES#')) as ContributionPart[];

describe('Class: FileContribution', () => {
  it('keeps the last reading of a (site, timestamp) and counts it once', () => {
    // Prepare
    const contribution = new FileContribution();

    // Act
    contribution.add(at('site1', '2025-02-16T21:30:00.000Z', 1, 2));
    contribution.add(at('site1', '2025-02-16T21:30:00.000Z', 10.1, 3.3));
    contribution.add(at('site1', '2025-02-16T21:35:00.000Z', 5, 1));

    // Assess
    expect(contribution.size).toBe(2);
    const { sites } = contribution.siteTotals('2025-02-16T21');
    expect(sites).toStrictEqual([['site1', [15.1, 4.3, 10.8, 2, 0, 0, 30 * 60_000, 35 * 60_000]]]);
  });

  it('leaves the energy of a faulty reading out, counts it as excluded and per rule code', () => {
    // Prepare
    const contribution = new FileContribution();

    // Act
    contribution.add(at('site1', '2025-02-16T21:00:00.000Z', -1, 3.3));
    contribution.add(at('site1', '2025-02-16T21:05:00.000Z', 10.1, -1));
    contribution.add(at('site1', '2025-02-16T21:10:00.000Z', -1, -1));
    contribution.add(at('site1', '2025-02-16T21:15:00.000Z', 2.5, 1));

    // Assess
    const { codes, sites } = contribution.siteTotals('2025-02-16T21');
    expect(codes).toStrictEqual(['NEGATIVE_CONSUMPTION', 'NEGATIVE_GENERATION']);
    expect(sites[0]?.[1]).toStrictEqual([2.5, 1, 1.5, 4, 3, 3, 0, 15 * 60_000, 2, 2]);
    expect(hasFaultyValue(['NEGATIVE_GENERATION'])).toBe(true);
    expect(hasFaultyValue(['SOMETHING_ELSE'])).toBe(false);
  });
});

describe('Function: contributionItems', () => {
  it('puts a small fleet in one head of at most 1 KB, with its per-site totals inline', () => {
    // Prepare: ten sites, one reading each, the generator's shape
    const contribution = new FileContribution();
    for (let i = 1; i <= 10; i++)
      contribution.add(at(`site${i}`, '2025-02-16T21:35:00.000Z', 52.3412 + i, 17.5));

    // Act
    const items = contributionItems(contribution, source, INGESTED);

    // Assess
    expect(items).toHaveLength(1);
    const head = items[0] as ContributionHead;
    expect(head.pk).toBe('FLEET#2025-02-16');
    expect(head.sk).toMatch(/^21#[0-9a-f]{16}#0$/);
    expect(head.parts).toBe(0);
    expect(Object.keys(unpackSites(head.site_totals))).toHaveLength(10);
    expect(head.count).toBe(10);
    expect(head.sites).toBe(10);
    expect(head.source).toStrictEqual({
      bucket: 'raw',
      key: source.key,
      sequencer: source.sequencer,
      segment: 0,
    });
    expect(itemSize(head as unknown as Record<string, unknown>)).toBeLessThanOrEqual(1024);
  });

  it('packs a large fleet into parts under the size limit, each site exactly once', () => {
    // Prepare
    const contribution = new FileContribution();
    for (let i = 0; i < 3_000; i++)
      contribution.add(at(`site${i}`, '2025-02-16T21:35:00.000Z', 52.3412, 17.5));

    // Act
    const items = contributionItems(contribution, source, INGESTED, { maxPartBytes: 50_000 });

    // Assess
    const [head] = heads(items);
    const stored = parts(items);
    expect(head?.site_totals).toBeUndefined();
    expect(head?.parts).toBe(stored.length);
    expect(stored.length).toBeGreaterThan(1);
    for (const part of stored) {
      expect(itemSize(part as unknown as Record<string, unknown>)).toBeLessThan(51_000);
      expect(part.order).toBe(head?.order);
    }
    const sites = stored.flatMap((p) => Object.keys(unpackSites(p.site_totals)));
    expect(new Set(sites).size).toBe(3_000);
    expect(sites).toHaveLength(3_000);
  });

  it('gives each hour a head keyed by its day and hour, and marks the days of hours older than the previous one as late', () => {
    // Prepare
    const contribution = new FileContribution();
    contribution.add(at('site1', '2025-02-16T21:59:59.999Z', 1, 1));
    contribution.add(at('site1', '2025-02-16T22:00:00.000Z', 1, 1));
    contribution.add(at('site1', '2025-02-10T08:00:00.000Z', 1, 1));
    const recent = new FileContribution();
    recent.add(at('site1', '2025-02-16T22:00:00.000Z', 1, 1));
    recent.add(at('site1', '2025-02-16T23:59:00.000Z', 1, 1));

    // Act: processed at 23:30, so hour 21 began more than SUMMARY_LIMITS.liveHours (2) before;
    // the version's own time (ingestedAt) plays no part.
    const items = contributionItems(contribution, source, '2025-02-10T09:00:00.000Z', {
      processedAt: '2025-02-16T23:30:00.000Z',
    });
    const onTime = contributionItems(recent, source, '2025-02-10T09:00:00.000Z', {
      processedAt: '2025-02-16T23:59:59.999Z',
    });

    // Assess
    expect(heads(items).map((h) => [h.pk, h.sk.slice(0, 2)])).toStrictEqual([
      ['FLEET#2025-02-10', '08'],
      ['FLEET#2025-02-16', '21'],
      ['FLEET#2025-02-16', '22'],
    ]);
    const markers = items.filter((i) => i.pk === 'LATE');
    expect(markers.map((i) => i.sk)).toStrictEqual(['2025-02-10', '2025-02-16']);
    expect(markers.map((i) => 'marked_at' in i && i.marked_at)).toStrictEqual([
      '2025-02-16T23:30:00.000Z',
      '2025-02-16T23:30:00.000Z',
    ]);
    expect(onTime.filter((i) => i.pk === 'LATE')).toStrictEqual([]);
  });

  it('is deterministic: the same file gives the same keys, and another key or segment other keys', () => {
    // Prepare
    const contribution = new FileContribution();
    contribution.add(at('site1', '2025-02-16T21:35:00.000Z', 1, 1));

    // Act
    const again = contributionItems(contribution, source, INGESTED);
    const other = contributionItems(contribution, { ...source, key: 'other.json' }, INGESTED);
    const segment = contributionItems(contribution, { ...source, segment: 1 }, INGESTED);

    // Assess
    expect(contributionItems(contribution, source, INGESTED)).toStrictEqual(again);
    expect(other[0]?.sk).not.toBe(again[0]?.sk);
    expect(segment[0]?.sk).not.toBe(again[0]?.sk);
  });

  it('orders a newer version (greater sequencer, also of another length) after an older one', () => {
    // Prepare
    const contribution = new FileContribution();
    contribution.add(at('site1', '2025-02-16T21:35:00.000Z', 1, 1));

    // Act
    const older = heads(
      contributionItems(contribution, { ...source, sequencer: 'FF' }, '2025-02-16T21:40:00.000Z'),
    );
    const newer = heads(contributionItems(contribution, { ...source, sequencer: '0100' }, INGESTED));

    // Assess
    expect((newer[0]?.order ?? '') > (older[0]?.order ?? '')).toBe(true);
  });

  it('totals equal a reference sum over the deduplicated readings, fleet and per site', () => {
    fc.assert(
      fc.property(
        fc.array(readingArb, { maxLength: 60 }),
        fc.integer({ min: 200, max: 5_000 }),
        (readings, maxPartBytes) => {
          // Prepare
          const enriched = readings.map((r) => enrichReading({ ...r, site_id: `s${r.site_id.length % 4}` }));
          const contribution = new FileContribution();
          const last = new Map<string, (typeof enriched)[number]>();
          for (const r of enriched) {
            contribution.add(r);
            last.set(`${r.site_id} ${r.timestamp}`, r);
          }

          // Act
          const items = contributionItems(contribution, source, INGESTED, { maxPartBytes });

          // Assess
          const kept = [...last.values()].filter((r) => !hasFaultyValue(r.anomaly_reasons));
          const fleet = new TotalsSum();
          for (const head of heads(items)) {
            const inline = Object.values(unpackSites(head.site_totals));
            const fromParts = parts(items)
              .filter((p) => p.hour === head.hour)
              .flatMap((p) => Object.values(unpackSites(p.site_totals)));
            const perSite = new TotalsSum();
            for (const entry of [...inline, ...fromParts])
              perSite.add(decodeEntry(entry, periodStartMs(head.hour), head.codes));
            expect(perSite.result().count).toBe(head.count);
            expect(perSite.result().net_kwh).toBe(head.net_kwh);
            fleet.add({ ...head, byCode: {} });
          }
          const totals = fleet.result();
          expect(totals.count).toBe(last.size);
          expect(totals.excluded).toBe(last.size - kept.length);
          expect(totals.anomalies).toBe([...last.values()].filter((r) => r.anomaly).length);
          expect(totals.generated_kwh).toBe(sumExact(kept.map((r) => r.energy_generated_kwh)));
          expect(totals.net_kwh).toBe(sumExact(kept.map((r) => r.net_energy_kwh)));
        },
      ),
    );
  });
});
