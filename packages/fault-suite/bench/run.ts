// The full fault suite (`pnpm bench`): every case at bench scale, each on its own emulator,
// the table written to docs/reliability.md. Counts, not timings: no baseline ratio applies.
import { stampedSection, writeBenchSection } from '@energy/bench-kit';
import {
  type CaseResult,
  GUARANTEED_CASES,
  LARGE_FILE_CASES,
  PROCESSOR_DEPENDENT_CASES,
  runCase,
} from '../src/cases.js';
import { FaultSuite } from '../src/FaultSuite.js';
import { RELIABILITY_FILE, reliabilityTable } from '../src/reliabilityTable.js';

const only = process.env.FAULT_CASES?.split(',');
const scale = process.env.FAULT_SCALE === 'test' ? 'test' : 'bench';
const results: CaseResult[] = [];
for (const faultCase of [...GUARANTEED_CASES, ...PROCESSOR_DEPENDENT_CASES, ...LARGE_FILE_CASES]) {
  if (only && !only.includes(faultCase.name)) continue;
  try {
    const result = await runCase(() => FaultSuite.start(), faultCase, scale);
    results.push(result);
    console.log(faultCase.name, JSON.stringify(result.counts));
  } catch (error) {
    // A case that cannot finish (the harness itself failed) is reported, and the run goes on.
    console.error(`${faultCase.name} did not complete: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
writeBenchSection(
  'fault-suite',
  stampedSection(
    `Fault suite (${scale} scale)`,
    `\`pnpm --filter @energy/fault-suite bench\`${scale === 'test' ? ' with `FAULT_SCALE=test`' : ''}`,
    reliabilityTable(results),
  ),
  RELIABILITY_FILE,
);
