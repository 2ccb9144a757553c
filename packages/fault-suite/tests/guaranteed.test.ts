import { describe, expect, it } from 'vitest';
import { GUARANTEED_CASES, runCase } from '../src/cases.js';
import { NOTHING_WRONG } from '../src/constants.js';
import { FaultSuite } from '../src/FaultSuite.js';

// The fault suite's cases whose guarantees the code holds today, at the bounded `test` scale
// (the full run: `pnpm bench`, which writes docs/reliability.md). Each case gets its own
// emulator and processor runtime (the built zip, in a child process); everything counted is
// read back from the emulator.

describe.each(GUARANTEED_CASES.map((c) => [c.name, c] as const))('Fault case: %s', (_, faultCase) => {
  it(`loses, duplicates and alters nothing, and alerts each anomaly exactly once (${faultCase.fault})`, async () => {
    // Act
    const { counts } = await runCase((options) => FaultSuite.start(options), faultCase, 'test');

    // Assess
    // Standard SNS cannot rule out a repeat when a publish's answer is lost or the runtime dies
    // between a publish and its confirmation: repeats are allowed only if detectable (same alert_id).
    expect(counts).toStrictEqual({
      ...NOTHING_WRONG,
      alertsDuplicated: counts.alertsDuplicatedDetectable,
      alertsDuplicatedDetectable: counts.alertsDuplicatedDetectable,
    });
  });
});
