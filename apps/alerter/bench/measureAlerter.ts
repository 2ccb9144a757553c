import { formatCanonical } from '@energy/core';
import { CostMeter, stackTables } from '@energy/cost-meter';
import { createStackClients, startLocalStack } from '@energy/local-stack';
// The summarizer's test helpers put a file's contribution exactly as the processor does
// (core's contributionItems) and generate readings like the generator: one definition of each.
import { putContribution, tickReadings } from '../../summarizer/tests/helpers/contributions.js';
import { AlerterStore } from '../src/AlerterStore.js';
import { defaultAlertSettings } from '../src/environment.js';
import { ReadingSamples } from '../src/ReadingSamples.js';
import { type AlerterReport, runAlerter } from '../src/runAlerter.js';

/** One alerter run as measured. */
type MeasuredRun = {
  report: AlerterReport;
  /** DynamoDB write request units the run used (summary table). */
  writeUnits: number;
  /** Read request units. */
  readUnits: number;
  /** SNS Publish requests. */
  publishes: number;
};

/** What {@link measureAlerter} measured. */
export type AlerterMeasurement = { sites: number; ticks: number; runs: MeasuredRun[] };

const START = Date.parse('2025-03-10T00:00:00.000Z');
const TICK_MS = 300_000;

/**
 * Runs the alerter on the emulator after each of `ticks` generator ticks of `sites` sites
 * (the contributions put as the processor writes them, default fault rate 0.2), its DynamoDB
 * and SNS clients behind the cost meter. Bounded: `ticks` files and runs.
 *
 * @example
 * const { runs } = await measureAlerter({ sites: 1_000, ticks: 6 });
 * runs[1].writeUnits / 1_000; // write units per reading in a steady run
 */
export async function measureAlerter(options: {
  sites: number;
  ticks: number;
  seed?: number;
}): Promise<AlerterMeasurement> {
  const stack = await startLocalStack({ endpoint: null, prefix: 'energy-alertcost' });
  const clients = createStackClients(stack.endpoint, stack.region);
  try {
    const meter = new CostMeter({
      tables: stackTables(stack.names, stack.settings.tables.anomalyIndexProjection),
    });
    meter.attach(clients.documentClient);
    meter.attach(clients.sns);
    const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const runs: MeasuredRun[] = [];
    const settings = defaultAlertSettings();
    for (let tick = 0; tick < options.ticks; tick++) {
      const timestamp = formatCanonical(START + tick * TICK_MS);
      await putContribution(
        stack.clients.documentClient,
        stack.names.summaryTable,
        {
          source: {
            bucket: stack.names.bucket,
            key: `readings/t${tick}.json`,
            sequencer: String(tick + 1),
            segment: 0,
          },
          readings: tickReadings(options.sites, timestamp, (options.seed ?? 1) + tick, 'site-'),
        },
        timestamp,
      );
      meter.reset();
      const report = await runAlerter({
        store: new AlerterStore(clients.documentClient, stack.names.summaryTable),
        samples: new ReadingSamples(clients.documentClient, stack.names.readingsTable),
        sns: clients.sns,
        topicArn: stack.topicArn,
        settings,
        logger,
        now: () => START + tick * TICK_MS + settings.settleSeconds * 1_000 + 1_000,
      });
      const reading = meter.reading();
      const summary = reading.capacity.filter((line) => line.table === stack.names.summaryTable);
      runs.push({
        report,
        writeUnits: summary.reduce((n, line) => n + line.writeUnits, 0),
        readUnits: reading.capacity.reduce((n, line) => n + line.readUnits, 0),
        publishes: reading.requests
          .filter((line) => line.service === 'SNS' && line.operation === 'Publish')
          .reduce((n, line) => n + line.requests, 0),
      });
    }
    return { sites: options.sites, ticks: options.ticks, runs };
  } finally {
    clients.destroy();
    await stack.stop();
  }
}
