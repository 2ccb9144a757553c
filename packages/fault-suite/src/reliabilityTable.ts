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
  const rows = results.map(({ name, fault, needsProcessorWork, counts: c }) =>
    [
      `\`${name}\`${needsProcessorWork ? ' ¹' : ''}`,
      fault,
      c.readingsLost,
      c.readingsDuplicated,
      c.readingsAltered,
      c.rejectsMissing + c.wronglyQuarantined,
      c.deadLettered,
      c.alertsLost,
      `${c.alertsDuplicated}${c.alertsDuplicated > 0 ? ` (${c.alertsDuplicatedDetectable} with the same alert_id)` : ''}`,
    ].join(' | '),
  );
  return [
    '| case | injected fault | readings lost | readings duplicated | readings altered | rejects missing or valid file quarantined | DLQ | alerts lost | alerts duplicated |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row} |`),
    '',
    '¹ needs the processor work of issue 13 (storable numbers, time-aware processing, exact versions, the trusted size field); asserted in `packages/fault-suite/tests/needsProcessorWork.test.ts`.',
  ].join('\n');
}
