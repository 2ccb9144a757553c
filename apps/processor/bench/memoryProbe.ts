// Child process of the processor's memory benchmark: ingests one object that the parent
// put in the emulator's bucket, with the processor's own file-processing function, and
// prints one JSON line with its peak RSS. A process of its own, so that maxRSS is this
// ingest's peak only (plus the runtime, which the `idle` mode measures alone).
//
// Usage: node --import tsx bench/memoryProbe.ts '<MemoryProbeInput as JSON>'
import { performance } from 'node:perf_hooks';
import { READING_LIMITS } from '@energy/core';
import { createStackClients } from '@energy/local-stack';
import { systemClock } from '../src/clock.js';
import { SEGMENT_SETTINGS } from '../src/constants.js';
import { DEFAULT_ALERT_FEED } from '../src/environment.js';
import { startInvocation } from '../src/ingest/invocation.js';
import { processMessage } from '../src/ingest/processMessage.js';
import type { IngestReport } from '../src/types.js';
import { countingMetrics, quietLogger } from './ingestVariants.js';

/** What the parent passes: where the stack is and which object to ingest. */
export type MemoryProbeInput = {
  /** `ingest` the object, or stay `idle` (clients built, modules loaded) to measure the runtime alone. */
  mode: 'ingest' | 'idle';
  /** Emulator endpoint. */
  endpoint: string;
  /** Region. */
  region: string;
  /** Raw bucket. */
  bucket: string;
  /** Object keys, ingested at once as one batch's messages are (in parallel, one invocation). */
  keys: string[];
  /** Readings table. */
  readingsTable: string;
  /** Summary table. */
  summaryTable: string;
  /** Alert topic ARN. */
  topicArn: string;
  /** Quarantine prefix. */
  quarantinePrefix: string;
  /** Largest object the processor reads, bytes. */
  maxFileBytes: number;
};

/** What the probe prints, one JSON line on stdout. */
export type MemoryProbeOutput = {
  /** Peak resident set size of the process, bytes. */
  maxRssBytes: number;
  /** Wall time of the ingest, ms (0 when idle). */
  ms: number;
  /** The processor's reports (absent when idle). */
  reports?: IngestReport[];
};

const input = JSON.parse(process.argv[2] ?? '{}') as MemoryProbeInput;
const clients = createStackClients(input.endpoint, input.region);
const output: MemoryProbeOutput = { maxRssBytes: 0, ms: 0 };
try {
  if (input.mode === 'ingest') {
    const started = performance.now();
    // One invocation, no deadline: the messages run in parallel under one record budget, as
    // the batch processor runs them.
    const invocation = startInvocation({
      s3: clients.s3,
      ddb: clients.documentClient,
      sns: clients.sns,
      sqs: clients.sqs,
      config: {
        readingsTable: input.readingsTable,
        summaryTable: input.summaryTable,
        alertTopicArn: input.topicArn,
        alertFeed: DEFAULT_ALERT_FEED,
        quarantinePrefix: input.quarantinePrefix,
        maxFileBytes: input.maxFileBytes,
        maxReadingKwh: READING_LIMITS.maxAbsKwh,
        segmentRecords: SEGMENT_SETTINGS.records,
      },
      logger: quietLogger(),
      metrics: countingMetrics(),
      clock: systemClock,
    });
    const outcomes = await Promise.all(
      input.keys.map((key, index) =>
        processMessage(invocation.context, {
          messageId: `probe-${index}`,
          body: JSON.stringify({
            Records: [
              { eventName: 'ObjectCreated:Put', s3: { bucket: { name: input.bucket }, object: { key } } },
            ],
          }),
        }),
      ),
    );
    invocation.end();
    output.reports = outcomes.flatMap((outcome) => (outcome.kind === 'files' ? outcome.reports : []));
    output.ms = performance.now() - started;
  }
} finally {
  clients.destroy();
}
// maxRSS is in KiB.
output.maxRssBytes = process.resourceUsage().maxRSS * 1024;
process.stdout.write(`${JSON.stringify(output)}\n`);
