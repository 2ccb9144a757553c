// The full fault suite (`pnpm bench`): every case at bench scale, each on its own emulator,
// the tables written to docs/reliability.md. Counts, not timings: no baseline ratio applies.
// Two sections per scale: the fault cases, and the files too big for one invocation (run with
// the per-reading feed off); a run rewrites only the sections of its scale whose cases it ran,
// so `FAULT_CASES=big-file,slow-co-batched` leaves the other tables as they were.
import { stampedSection, writeBenchSection } from '@energy/bench-kit';
import {
  type CaseResult,
  type FaultCase,
  GUARANTEED_CASES,
  LARGE_FILE_CASES,
  PROCESSOR_DEPENDENT_CASES,
  runCase,
} from '../src/cases.js';
import { FaultSuite } from '../src/FaultSuite.js';
import { RELIABILITY_FILE, reliabilityTable } from '../src/reliabilityTable.js';

const only = process.env.FAULT_CASES?.split(',');
const scale = process.env.FAULT_SCALE === 'test' ? 'test' : 'bench';
const sections: { area: string; title: string; cases: readonly FaultCase[] }[] = [
  { area: 'fault-suite', title: 'Fault suite', cases: [...GUARANTEED_CASES, ...PROCESSOR_DEPENDENT_CASES] },
  {
    area: 'fault-suite-large-files',
    title: 'Fault suite: files too big for one invocation',
    cases: LARGE_FILE_CASES,
  },
];
const command = `\`${[
  ...(scale === 'test' ? ['FAULT_SCALE=test'] : []),
  ...(only ? [`FAULT_CASES=${only.join(',')}`] : []),
  'pnpm --filter @energy/fault-suite bench',
].join(' ')}\``;

for (const section of sections) {
  const selected = section.cases.filter((faultCase) => !only || only.includes(faultCase.name));
  if (selected.length === 0) continue;
  const results: CaseResult[] = [];
  for (const faultCase of selected) {
    const started = performance.now();
    try {
      const result = await runCase((options) => FaultSuite.start(options), faultCase, scale);
      results.push(result);
      const seconds = Math.round((performance.now() - started) / 1000);
      console.log(
        faultCase.name,
        `${seconds} s`,
        JSON.stringify(result.counts),
        JSON.stringify(result.activity),
      );
    } catch (error) {
      // A case that cannot finish (the harness itself failed) is reported, and the run goes on.
      console.error(`${faultCase.name} did not complete: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  }
  writeBenchSection(
    `${section.area}-${scale}`,
    stampedSection(`${section.title} (${scale} scale)`, command, reliabilityTable(results)),
    RELIABILITY_FILE,
  );
}
