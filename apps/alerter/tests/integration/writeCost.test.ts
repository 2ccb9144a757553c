import { ALERTER_LIMITS } from '@energy/core';
import { describe, expect, it } from 'vitest';
import { measureAlerter } from '../../bench/measureAlerter.js';

// The alerter's DynamoDB writes, billed by the cost meter on real SDK calls against the
// emulator: no write per anomalous reading. Once the alerts of a fleet are open, most runs are
// quiet (no state change, no digest due) and write nothing; a run that commits writes its
// checkpoint (which takes and gives back the lease), the state shard and the records of its
// few state changes.

describe('alerter write cost (on the emulator, cost meter)', () => {
  it('writes nothing in a quiet run, a few units in a run that commits, never one per anomalous reading', async () => {
    const { runs } = await measureAlerter({ sites: 10, ticks: 24 });
    const readings = 10 * runs.length;
    const steady = runs.slice(12);
    for (const run of steady) {
      const changes = run.report.stateChanges.opened + run.report.stateChanges.resolved;
      if (!run.report.committed) {
        expect(changes).toBe(0);
        expect(run.writeUnits).toBe(0);
        expect(run.publishes).toBe(0);
      } else {
        // Lease + checkpoint in one small item (2 units), the shard (1), 2 writes per state change.
        expect(run.writeUnits).toBeLessThanOrEqual(3 + 2 * changes);
      }
      // Each run folds its own tick's 10 observations, and again those of the quiet runs since
      // the last checkpoint.
      expect(run.report.observations % 10).toBe(0);
      expect(run.report.observations).toBeGreaterThanOrEqual(10);
    }
    // Quiet runs are most steady runs, and a checkpoint is never older than the bound.
    const quiet = steady.filter((run) => !run.report.committed).length;
    expect(quiet).toBeGreaterThan(steady.length / 2);
    const runsPerBound = (ALERTER_LIMITS.quietCheckpointMinutes * 60) / 300;
    let sinceCommit = 0;
    for (const run of runs) {
      sinceCommit = run.report.committed ? 0 : sinceCommit + 1;
      expect(sinceCommit).toBeLessThan(runsPerBound);
    }
    const total = runs.reduce((n, run) => n + run.writeUnits, 0);
    expect(total).toBeLessThan(readings * 0.36);
  }, 120_000);
});
