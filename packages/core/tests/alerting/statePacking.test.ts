import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AlertMachineState,
  alertShardCount,
  itemSize,
  type OpenEpisode,
  packAlertState,
  SILENT_SITE_RULE,
  shardOf,
  unpackAlertState,
} from '../../src/index.js';
import { siteIdArb } from '../helpers/arbitraries.js';

const RULES = ['NEGATIVE_GENERATION', 'NEGATIVE_CONSUMPTION', SILENT_SITE_RULE];
const base = Date.UTC(2025, 2, 10);

const episodeArb = (rule: string): fc.Arbitrary<OpenEpisode> =>
  fc
    .record({
      opened: fc.integer({ min: -2_000_000, max: 86_400_000 }),
      first: fc.integer({ min: 0, max: 86_400_000 }),
      last: fc.integer({ min: 0, max: 86_400_000 }),
      count: fc.nat(100_000),
      notified: fc.integer({ min: 0, max: 86_400_000 }),
    })
    .map((e) => ({
      rule,
      openedMs: base - e.opened,
      firstMs: base - e.first,
      lastMs: base - e.last,
      count: e.count,
      notifiedMs: base - e.notified,
    }));

const stateArb: fc.Arbitrary<AlertMachineState> = fc
  .uniqueArray(fc.tuple(siteIdArb, fc.integer({ min: 0, max: 10_000_000 }), fc.subarray(RULES)), {
    selector: ([site]) => site,
    maxLength: 30,
  })
  .chain((sites) =>
    fc.tuple(
      ...sites.map(([site, offset, rules]) =>
        fc.tuple(...rules.map(episodeArb)).map((episodes) => [site, offset, episodes] as const),
      ),
    ),
  )
  .map(
    (sites) =>
      new Map(
        sites.map(([site, offset, episodes]) => [
          site,
          {
            lastReadingMs: base + offset,
            open: new Map(
              (episodes as OpenEpisode[]).map((e) => [
                e.rule,
                {
                  ...e,
                  openedMs: e.openedMs + offset,
                  firstMs: e.firstMs + offset,
                  lastMs: e.lastMs + offset,
                  notifiedMs: e.notifiedMs + offset,
                },
              ]),
            ),
          },
        ]),
      ),
  );

describe('packAlertState / unpackAlertState', () => {
  it('round-trips any state, each site in its shard', () => {
    fc.assert(
      fc.property(stateArb, fc.integer({ min: 1, max: 4 }), (state, shards) => {
        const items = packAlertState(state, shards, '2025-03-10T00:00:00.000Z');
        expect(items).toHaveLength(shards);
        for (const item of items)
          for (const site of unpackAlertState([item]).keys()) expect(shardOf(site, shards)).toBe(item.shard);
        expect(unpackAlertState(items)).toStrictEqual(state);
      }),
    );
  });

  it('packs the same state to the same strings (unchanged shards are not rewritten)', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const reordered = new Map([...state].reverse());
        expect(packAlertState(reordered, 2, 'x')).toStrictEqual(packAlertState(state, 2, 'x'));
      }),
    );
  });

  it('fits 1,000 sites with two open alerts in one item well under 400 KB', () => {
    const state: AlertMachineState = new Map();
    for (let i = 0; i < 1_000; i++) {
      const open = new Map<string, OpenEpisode>();
      for (const rule of RULES.slice(0, 2))
        open.set(rule, {
          rule,
          openedMs: base - 7_200_000,
          firstMs: base - 7_200_000,
          lastMs: base - 300_000,
          count: 1234,
          notifiedMs: base - 7_200_000,
        });
      state.set(`site-${String(i).padStart(4, '0')}`, { lastReadingMs: base, open });
    }
    expect(alertShardCount(state.size)).toBe(1);
    const [item] = packAlertState(state, 1, '2025-03-10T00:00:00.000Z');
    const bytes = itemSize(item as unknown as Record<string, unknown>);
    expect(bytes).toBeLessThan(80_000);
    expect(bytes).toBeGreaterThan(40_000);
  });

  it('rejects a code the item does not list, naming it', () => {
    expect(() => unpackAlertState([{ codes: [], sites: 's1=1;0,0,,0,1,' }])).toThrow(/code 0/);
  });
});
