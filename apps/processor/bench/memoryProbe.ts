// Child process of the processor's memory benchmark: ingests one object that the parent
// put in the emulator's bucket, with the processor's own file-processing function, and
// prints one JSON line with its peak RSS. A process of its own, so that maxRSS is this
// ingest's peak only (plus the runtime, which the `idle` mode measures alone).
//
// Usage: node --import tsx bench/memoryProbe.ts '<MemoryProbeInput as JSON>'
import { performance } from 'node:perf_hooks';
import { createStackClients } from '@energy/local-stack';
import { processObject } from '../src/ingest/processObject.js';
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
  /** Object key. */
  key: string;
  /** Object size, bytes (as the notification would say). */
  size: number;
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
  /** The processor's report (absent when idle). */
  report?: IngestReport;
};

const input = JSON.parse(process.argv[2] ?? '{}') as MemoryProbeInput;
const clients = createStackClients(input.endpoint, input.region);
const output: MemoryProbeOutput = { maxRssBytes: 0, ms: 0 };
try {
  if (input.mode === 'ingest') {
    const started = performance.now();
    output.report = await processObject(
      {
        s3: clients.s3,
        ddb: clients.documentClient,
        sns: clients.sns,
        config: {
          readingsTable: input.readingsTable,
          summaryTable: input.summaryTable,
          alertTopicArn: input.topicArn,
          quarantinePrefix: input.quarantinePrefix,
          maxFileBytes: input.maxFileBytes,
        },
        metrics: countingMetrics(),
      },
      { bucket: input.bucket, key: input.key, size: input.size },
      quietLogger(),
    );
    output.ms = performance.now() - started;
  }
} finally {
  clients.destroy();
}
// maxRSS is in KiB.
output.maxRssBytes = process.resourceUsage().maxRSS * 1024;
process.stdout.write(`${JSON.stringify(output)}\n`);
