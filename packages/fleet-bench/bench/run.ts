// Fleet cost simulation (issue 9 item 1): dollars per million readings at 10, 1,000 and
// 10,000 sites per five-minute tick, pipeline against floor, written to docs/cost.md.
// Run: pnpm bench, or pnpm --filter @energy/fleet-bench bench. Needs the project venv (make venv).
// Parameters: FLEET_SITES=10,1000 FLEET_TICKS=24 FLEET_WARMUP_TICKS=12 FLEET_BUDGET_SECONDS=240 (per run).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineStamp } from '@energy/bench-kit';
import { REPOSITORY_ROOT } from '@energy/local-stack';
import { FLEET_BENCH } from '../src/constants.js';
import { costBreakdown, costMarkdown, type FleetPair, perMillion, totalOf } from '../src/costReport.js';
import { runFleet } from '../src/simulation.js';

process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'NodeVersionSupportWarning') console.warn(warning);
});

const sites = (process.env.FLEET_SITES ?? FLEET_BENCH.siteCounts.join(','))
  .split(',')
  .map((value) => Number(value.trim()))
  .filter((value) => Number.isInteger(value) && value > 0);
const ticks = Number(process.env.FLEET_TICKS ?? FLEET_BENCH.ticks);
const warmupTicks = Number(process.env.FLEET_WARMUP_TICKS ?? FLEET_BENCH.warmupTicks);
const budgetMs = Number(process.env.FLEET_BUDGET_SECONDS ?? FLEET_BENCH.budgetSeconds) * 1_000;
const output = process.env.FLEET_COST_FILE ?? join(REPOSITORY_ROOT, 'docs', 'cost.md');
const log = (line: string) => console.log(`[bench:fleet] ${line}`);
const stamp = machineStamp({ withLoad: true });

const params = [
  sites.join(',') !== FLEET_BENCH.siteCounts.join(',') ? `FLEET_SITES=${sites.join(',')}` : '',
  ticks !== FLEET_BENCH.ticks ? `FLEET_TICKS=${ticks}` : '',
  warmupTicks !== FLEET_BENCH.warmupTicks ? `FLEET_WARMUP_TICKS=${warmupTicks}` : '',
  budgetMs !== FLEET_BENCH.budgetSeconds * 1_000 ? `FLEET_BUDGET_SECONDS=${budgetMs / 1_000}` : '',
]
  .filter(Boolean)
  .join(' ');
const command = `\`${params ? `${params} ` : ''}pnpm --filter @energy/fleet-bench bench\` (part of \`pnpm bench\`)`;
/** The commit this run measures, `+dirty` when the work tree differs from it. */
const commitMeasured = (): string => {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: REPOSITORY_ROOT, encoding: 'utf8' }).trim();
  return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') ? '+dirty' : ''}`;
};
// Taken before the run: the code measured is the code loaded now, whatever changes meanwhile.
const commit = commitMeasured();
const results = join(REPOSITORY_ROOT, 'packages', 'fleet-bench', 'results');
mkdirSync(results, { recursive: true });
const resultFile = (count: number) => join(results, `fleet-${count}.json`);
/** Every stored fleet size of `FLEET_BENCH.siteCounts` (and this run's), smallest first. */
const storedPairs = (): FleetPair[] =>
  [...new Set([...FLEET_BENCH.siteCounts, ...sites])]
    .sort((a, b) => a - b)
    .filter((count) => existsSync(resultFile(count)))
    .map((count) => JSON.parse(readFileSync(resultFile(count), 'utf8')) as FleetPair);
for (const count of sites) {
  const floor = await runFleet({ sites: count, ticks, variant: 'floor', budgetMs, warmupTicks, log });
  const pipeline = await runFleet({ sites: count, ticks, variant: 'pipeline', budgetMs, warmupTicks, log });
  const total = perMillion(totalOf(costBreakdown(pipeline)), pipeline.readings);
  const base = perMillion(totalOf(costBreakdown(floor)), floor.readings);
  log(
    `${count} sites: pipeline $${total.toFixed(3)}/M, floor $${base.toFixed(3)}/M, ratio ${(total / base).toFixed(2)}×`,
  );
  const pair: FleetPair = {
    pipeline,
    floor,
    measured: { at: new Date().toISOString(), stamp, command, commit },
  };
  writeFileSync(resultFile(count), `${JSON.stringify(pair)}\n`);
  // Written after each fleet size: a run cut short still leaves the sizes it finished, and the
  // sizes this run did not measure keep their stored figures (each with its own date and command).
  const pairs = storedPairs();
  writeFileSync(output, costMarkdown(pairs));
  log(`wrote ${output} (${pairs.map((p) => p.pipeline.sites).join(', ')} sites)`);
}
