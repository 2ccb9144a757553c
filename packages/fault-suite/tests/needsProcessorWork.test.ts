import { describe, expect, it } from 'vitest';
import { PROCESSOR_DEPENDENT_CASES, runCase } from '../src/cases.js';
import { NOTHING_WRONG } from '../src/constants.js';
import { FaultSuite } from '../src/FaultSuite.js';

// The fault suite's cases whose guarantees rest on the processor work of issue 13: storable
// numbers (13.1), exact versions (13.4), a notification's size not trusted (13.6). The big-file
// cases (13.3) run in `pnpm bench` (LARGE_FILE_CASES in src/cases.ts says why they are not here).

describe.each(PROCESSOR_DEPENDENT_CASES.map((c) => [c.name, c] as const))(
  'Fault case: %s',
  (_, faultCase) => {
    it(`loses, duplicates and alters nothing, and alerts each anomaly exactly once (${faultCase.fault})`, async () => {
      // Act
      const { counts } = await runCase(() => FaultSuite.start(), faultCase, 'test');

      // Assess
      expect(counts).toStrictEqual(NOTHING_WRONG);
    });
  },
);
