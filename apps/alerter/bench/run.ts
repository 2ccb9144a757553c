import { machineStamp } from '@energy/bench-kit';
import { simulateAlerts } from '@energy/core';
import { defaultAlertSettings } from '../src/environment.js';
import { measureAlerter } from './measureAlerter.js';

// `pnpm --filter @energy/alerter bench`: alert messages per simulated day (the real state
// machine over generated readings, against one message per anomalous reading) and the
// alerter's DynamoDB write units per reading on the emulator. Bounded: 30 simulated days at 10
// sites, 7 at 1,000; 6 emulator runs at 10 and 1,000 sites.

const settings = defaultAlertSettings();
console.log(`# alerter bench, ${new Date().toISOString()}, ${machineStamp({ withLoad: true })}\n`);
console.log(
  '| sites | days | per-reading feed msgs/day | state changes/day | digests/day | alert msgs/day | first-day msgs |',
);
console.log('|---|---|---|---|---|---|---|');
for (const [sites, days] of [
  [10, 30],
  [1_000, 7],
] as const) {
  const base = { sites, anomalyProbability: 0.2, settings, runSeconds: 300, seed: 42 };
  const all = simulateAlerts({ ...base, days });
  const firstDay = simulateAlerts({ ...base, days: 1 });
  const changesPerDay = (all.opened + all.resolved + all.renotified) / days;
  console.log(
    `| ${sites} | ${days} | ${Math.round(all.perReadingMessagesPerDay)} | ${changesPerDay.toFixed(1)} | ${(all.digests / days).toFixed(1)} | ${all.messagesPerDay.toFixed(1)} | ${firstDay.messages} |`,
  );
}

console.log(
  '\n| sites | run | observations | state changes | items written | write units | WCU per reading | publishes |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const sites of [10, 1_000]) {
  const { runs } = await measureAlerter({ sites, ticks: 6 });
  runs.forEach((run, index) => {
    const changes =
      run.report.stateChanges.opened + run.report.stateChanges.resolved + run.report.stateChanges.renotified;
    console.log(
      `| ${sites} | ${index + 1} | ${run.report.observations} | ${changes} | ${run.report.itemsWritten} | ${run.writeUnits} | ${(run.writeUnits / sites).toFixed(4)} | ${run.publishes} |`,
    );
  });
}
