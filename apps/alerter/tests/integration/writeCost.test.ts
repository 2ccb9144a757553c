import { describe, expect, it } from 'vitest';
import { measureAlerter } from '../../bench/measureAlerter.js';

// The alerter's DynamoDB writes, billed by the cost meter on real SDK calls against the
// emulator: no write per anomalous reading. Once the alerts of a fleet are open, a run writes
// its checkpoint (which takes and gives back the lease), the state shard and the records of the
// few state changes; at 10 sites, 36 % of readings anomalous, that is 3 units per run.

describe('alerter write cost (on the emulator, cost meter)', () => {
  it('writes a few units per run, not one per anomalous reading', async () => {
    const { runs } = await measureAlerter({ sites: 10, ticks: 16 });
    const anomalies = runs.reduce((n, run) => n + run.report.observations, 0) * 0.36;
    const steady = runs.slice(12);
    for (const run of steady) {
      const changes = run.report.stateChanges.opened + run.report.stateChanges.resolved;
      // Lease + checkpoint in one small item (2 units), the shard (1), 2 writes per state change.
      expect(run.writeUnits).toBeLessThanOrEqual(3 + 2 * changes);
    }
    const total = runs.reduce((n, run) => n + run.writeUnits, 0);
    expect(total).toBeLessThan(anomalies * 2);
    expect(steady.every((run) => run.report.observations === 10)).toBe(true);
  }, 120_000);
});
