import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseResult } from './cases.js';

/** docs/reliability.md, where the bench run writes its table. */
export const RELIABILITY_FILE = join(dirname(fileURLToPath(import.meta.url)), '../../../docs/reliability.md');

/**
 * The markdown table of a run: one row per case, every count read back from the emulator.
 *
 * @example
 * writeBenchSection('fault-suite', stampedSection('Fault suite', '`pnpm bench`', reliabilityTable(results)), RELIABILITY_FILE);
 */
export function reliabilityTable(results: readonly CaseResult[]): string {
  const rows = results.map(({ name, fault, needsProcessorWork, counts: c, activity }) =>
    [
      `\`${name}\`${needsProcessorWork ? ' ¹' : ''}`,
      fault,
      c.readingsLost,
      c.readingsDuplicated,
      c.readingsAltered,
      c.rejectsMissing + c.wronglyQuarantined,
      c.deadLettered,
      c.alertsLost ?? NOT_COUNTED,
      c.alertsDuplicated === null
        ? NOT_COUNTED
        : `${c.alertsDuplicated}${c.alertsDuplicated > 0 ? ` (${c.alertsDuplicatedDetectable} with the same alert_id)` : ''}`,
      `${activity.invocations} (${activity.continuations})`,
    ].join(' | '),
  );
  return [
    '| case | injected fault | readings lost | readings duplicated | readings altered | rejects missing or valid file quarantined | DLQ | alerts lost | alerts duplicated | processor invocations (continuations) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row} |`),
    '',
    '¹ guards the processor work of issue 13 (storable numbers, time-aware processing, exact versions, the trusted size field); asserted in `packages/fault-suite/tests/needsProcessorWork.test.ts` and `tests/largeFiles.test.ts`.',
    ...(results.some((r) => r.counts.alertsLost === null)
      ? [
          '',
          '² run with the per-reading alert feed off (`ALERT_FEED=none`, the deployed default): there are no per-reading alerts to count (docs/reliability.md, "Files too big for one invocation", says why).',
        ]
      : []),
  ].join('\n');
}

/** What an alert column shows for a case run with the per-reading feed off. */
const NOT_COUNTED = 'not counted ²';
