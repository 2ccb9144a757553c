import { describe, expect, it } from 'vitest';
import { LARGE_FILE_CASES, runCase } from '../src/cases.js';
import { ALERTS_NOT_COUNTED, NOTHING_WRONG } from '../src/constants.js';
import { FaultSuite } from '../src/FaultSuite.js';

// The fault suite's files too big for one invocation (issue 13.3), at the bounded `test` scale:
// 100,000 readings with the processor's timeout at 8 s (LARGE_FILE_SETTINGS), which it cannot
// finish in one invocation, so it hands the file on in continuation messages, segment by
// segment. The full size (517,690 readings, about 60 MB, the deployed 30 s) runs in
// `pnpm bench`. Both run with the per-reading feed off (ALERT_FEED=none, the deployed
// default): there are no per-reading alerts to count (LARGE_FILE_CASES in src/cases.ts says why).

describe.each(LARGE_FILE_CASES.map((c) => [c.name, c] as const))('Fault case: %s', (_, faultCase) => {
  it(`stores every reading exactly once over several invocations, with nothing in the DLQ (${faultCase.fault})`, async () => {
    // Act: slow-co-batched checks that its healthy files shared the slow file's first batch; when
    // the event source happened to split them (a harness precondition, not a result), once more.
    const attempt = () => runCase((options) => FaultSuite.start(options), faultCase, 'test');
    const result = await attempt().catch((error: unknown) => {
      if (error instanceof Error && error.message.startsWith('precondition failed')) return attempt();
      throw error;
    });

    // Assess
    expect(result.counts).toStrictEqual({ ...NOTHING_WRONG, ...ALERTS_NOT_COUNTED });
    // At least two hand-overs: the file took three invocations or more, each continuing where
    // the previous one stopped (a redelivery instead would have shown in the DLQ or the counts).
    expect(result.activity.continuations).toBeGreaterThanOrEqual(2);
  }, 900_000);
});
