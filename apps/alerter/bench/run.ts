import { formatCount, stampedSection, writeBenchSection } from '@energy/bench-kit';
import { simulateAlerts } from '@energy/core';
import { defaultAlertSettings } from '../src/environment.js';
import { measureAlerter } from './measureAlerter.js';

// `pnpm --filter @energy/alerter bench` (part of `pnpm bench`): alert messages per simulated day
// (the real state machine over generated readings, against one message per anomalous reading)
// and the alerter's DynamoDB write units per run on the emulator, with the cost meter. Bounded:
// 30 simulated days at 10 sites, 7 at 1,000 (seconds); 24 emulator runs at 10 and 1,000 sites
// (a few minutes). Writes the "alerts" section of docs/benchmarks.md.

const settings = defaultAlertSettings();
/** Emulator runs per fleet size (two simulated hours), the first listed, the last hour's averaged. */
const MEASURED_TICKS = 24;
const LISTED_RUNS = 6;
const STEADY_FROM = 12;
const volume: string[] = [
  '| sites | simulated days | old feed: messages/day | state changes/day | digests/day | alert messages/day | first day |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const [sites, days] of [
  [10, 30],
  [1_000, 7],
] as const) {
  const base = { sites, anomalyProbability: 0.2, settings, runSeconds: 300, seed: 42 };
  const all = simulateAlerts({ ...base, days });
  const firstDay = simulateAlerts({ ...base, days: 1 });
  const changesPerDay = (all.opened + all.resolved + all.renotified) / days;
  volume.push(
    `| ${formatCount(sites)} | ${days} | ${formatCount(all.perReadingMessagesPerDay)} | ${changesPerDay.toFixed(1)} | ${(all.digests / days).toFixed(1)} | ${all.messagesPerDay.toFixed(1)} | ${formatCount(firstDay.messages)} |`,
  );
}

const cost: string[] = [
  '| sites | run | observations | state changes | committed | items written | write units | WCU per reading | read units | publishes |',
  '| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
];
const steadyRows: string[] = [
  '| sites | runs | quiet runs (no write) | write units per run | WCU per reading | read units per run |',
  '| ---: | --- | ---: | ---: | ---: | ---: |',
];
for (const sites of [10, 1_000]) {
  const { runs } = await measureAlerter({ sites, ticks: MEASURED_TICKS });
  runs.slice(0, LISTED_RUNS).forEach((run, index) => {
    const changes =
      run.report.stateChanges.opened + run.report.stateChanges.resolved + run.report.stateChanges.renotified;
    cost.push(
      `| ${formatCount(sites)} | ${index + 1} | ${run.report.observations} | ${changes} | ${run.report.committed ? 'yes' : 'no'} | ${run.report.itemsWritten} | ${run.writeUnits} | ${(run.writeUnits / sites).toFixed(4)} | ${run.readUnits.toFixed(1)} | ${run.publishes} |`,
    );
  });
  const steady = runs.slice(STEADY_FROM);
  const writeUnits = steady.reduce((n, run) => n + run.writeUnits, 0) / steady.length;
  const readUnits = steady.reduce((n, run) => n + run.readUnits, 0) / steady.length;
  steadyRows.push(
    `| ${formatCount(sites)} | ${STEADY_FROM + 1}–${runs.length} | ${steady.filter((run) => !run.report.committed).length} of ${steady.length} | ${writeUnits.toFixed(2)} | ${(writeUnits / sites).toFixed(4)} | ${readUnits.toFixed(1)} |`,
  );
}

const body = `Messages per simulated day: the real \`AlertMachine\` (\`packages/core/src/alerting\`) over generated readings
(each value faulty with probability 0.2, one reading per site every 5 minutes, a run every 5 minutes, hourly
digests), against the old feed's one message per anomalous reading. "First day" includes the initial burst
(every (site, rule) opens within hours at this fault rate).

${volume.join('\n')}

Write units per alerter run on the emulator (cost meter on its DynamoDB client; contributions put as the
processor writes them, one 5-minute file per run), the first ${LISTED_RUNS} runs: they open the fleet's alerts (two
writes per state change). A run with no state change and no digest due is quiet and writes nothing; one that
commits writes the lease and checkpoint (one small item), the changed state shard(s) (~57 units per 1,000
sites) and its changes (see docs/alerting.md).

${cost.join('\n')}

Steady state, runs ${STEADY_FROM + 1} to ${MEASURED_TICKS} (the second simulated hour: one digest, few changes):

${steadyRows.join('\n')}
`;
const section = stampedSection(
  'Alerts: messages per day and write units (apps/alerter)',
  '`pnpm --filter @energy/alerter bench`',
  body,
);
writeBenchSection('alerts', section);
console.log(section);
