import { describe, expect, it } from 'vitest';
import { PROCESSOR_DEPENDENT_CASES, runCase } from '../src/cases.js';
import { NOTHING_WRONG } from '../src/constants.js';
import { FaultSuite } from '../src/FaultSuite.js';

// The fault suite's cases whose guarantees rest on the processor work of issue 13: storable
// numbers (13.1), exact versions (13.4), a notification's size not trusted (13.6). The big-file
// cases (13.3) are in largeFiles.test.ts.

describe.each(PROCESSOR_DEPENDENT_CASES.map((c) => [c.name, c] as const))(
  'Fault case: %s',
  (_, faultCase) => {
    it(`loses, duplicates and alters nothing, and alerts each anomaly exactly once (${faultCase.fault})`, async () => {
      // Act
      const { counts } = await runCase((options) => FaultSuite.start(options), faultCase, 'test');

      // Assess
      expect(counts).toStrictEqual(NOTHING_WRONG);
    });
  },
);
