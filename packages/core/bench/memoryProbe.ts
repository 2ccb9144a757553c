// Child process of the memory benchmark: processes one file and prints one JSON
// line with its peak RSS. A child of its own, so that the parent's fixtures and
// JIT state do not count, and process.resourceUsage().maxRSS is this run's peak only.
//
// Usage: node --import tsx bench/memoryProbe.ts <stream|whole|idle> <file>
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { enrichReading } from '../src/enrichReading.js';
import { type PayloadBatch, PayloadParser, parsePayload } from '../src/payloadParser.js';

/** What the probe prints, one JSON line on stdout. */
export type MemoryProbeResult = {
  /** Readings parsed and enriched (0 for `idle`). */
  readings: number;
  /** Records rejected. */
  rejects: number;
  /** Peak resident set size of the process, bytes. */
  maxRssBytes: number;
  /** Wall time of the processing, ms. */
  ms: number;
  /** Sum of net energy: keeps the enrichment from being optimised away, and comparable across modes. */
  checksum: number;
};

const [mode, file] = process.argv.slice(2);
let readings = 0;
let rejects = 0;
let sink = 0;
const consume = (batch: PayloadBatch): void => {
  rejects += batch.rejects.length;
  for (const reading of batch.readings) {
    sink += enrichReading(reading).net_energy_kwh;
    readings++;
  }
};

const started = performance.now();
if (mode === 'stream' && file) {
  // The way the processor reads an S3 body: chunk by chunk, nothing kept but the parser's tail.
  const parser = new PayloadParser();
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  for await (const chunk of stream) consume(parser.push(chunk as string));
  consume(parser.end());
} else if (mode === 'whole' && file) {
  // For contrast only: what loading the file whole would cost.
  consume(parsePayload(await readFile(file, 'utf8')));
} else if (mode !== 'idle') {
  throw new Error(`usage: memoryProbe.ts <stream|whole|idle> <file>, got ${process.argv.slice(2).join(' ')}`);
}
const result: MemoryProbeResult = {
  readings,
  rejects,
  // maxRSS is in KiB.
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  ms: performance.now() - started,
  checksum: sink,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
