import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { median } from '@energy/bench-kit';
import { enrichReading } from '../src/enrichReading.js';
import { type PayloadBatch, PayloadParser } from '../src/payloadParser.js';
import type { FixtureFormat } from './readingsFixture.js';

/** Size of the chunks fed to the parser: what a Node file stream yields (S3 bodies arrive in ≤ 64 KiB too). */
export const CHUNK_BYTES = 64 * 1024;

/** Outcome of one timed variant. */
export type ThroughputResult = {
  /** Median wall time of the measured iterations, ms. */
  medianMs: number;
  /** Readings per second at the median time. */
  readingsPerSecond: number;
  /** Every measured iteration's time, ms, in run order. */
  samplesMs: number[];
};

/** Warm-up and measured iteration counts; the median of the measured ones is reported. */
export type Iterations = {
  /** Untimed runs first, so the JIT has optimised both variants before timing. */
  warmup: number;
  /** Timed runs. */
  measured: number;
};

/** Splits bytes into fixed-size chunks, as a stream would deliver them. */
export function chunk(bytes: Buffer, size = CHUNK_BYTES): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

/**
 * The pipeline under test: decode each chunk (UTF-8 safe across chunk edges),
 * push it through {@link PayloadParser} (parse + validate) and enrich every
 * reading (exact net energy + anomaly rules). Returns a checksum so the work
 * cannot be optimised away, and the reading count for sanity.
 */
export function parseValidateEnrich(chunks: readonly Buffer[]): {
  readings: number;
  rejects: number;
  sink: number;
} {
  const decoder = new StringDecoder('utf8');
  const parser = new PayloadParser();
  let readings = 0;
  let rejects = 0;
  let sink = 0;
  const consume = (batch: PayloadBatch): void => {
    rejects += batch.rejects.length;
    for (const reading of batch.readings) {
      const enriched = enrichReading(reading);
      sink += enriched.net_energy_kwh + enriched.anomaly_reasons.length;
      readings++;
    }
  };
  for (const piece of chunks) consume(parser.push(decoder.write(piece)));
  consume(parser.push(decoder.end()));
  consume(parser.end());
  return { readings, rejects, sink };
}

/**
 * The baseline: `JSON.parse` alone on the same bytes — the whole array at once,
 * or each NDJSON line (NDJSON is not one JSON value). Decoding the bytes is
 * included, as it is in the pipeline.
 */
export function jsonParseOnly(bytes: Buffer, format: FixtureFormat): number {
  const text = bytes.toString('utf8');
  if (format === 'array') return (JSON.parse(text) as unknown[]).length;
  let count = 0;
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    JSON.parse(line);
    count++;
  }
  return count;
}

function summarize(readingCount: number, samplesMs: number[]): ThroughputResult {
  const medianMs = median(samplesMs);
  return { medianMs, readingsPerSecond: (readingCount / medianMs) * 1000, samplesMs };
}

/**
 * Times a baseline and a candidate on the same input, alternating them
 * iteration by iteration so that background load (2 shared cores) hits both
 * alike, and reports each one's median after the warm-up runs.
 */
export function compareInterleaved(
  readingCount: number,
  iterations: Iterations,
  baseline: () => unknown,
  candidate: () => unknown,
): { baseline: ThroughputResult; candidate: ThroughputResult } {
  for (let i = 0; i < iterations.warmup; i++) {
    baseline();
    candidate();
  }
  const baselineMs: number[] = [];
  const candidateMs: number[] = [];
  for (let i = 0; i < iterations.measured; i++) {
    let started = performance.now();
    baseline();
    baselineMs.push(performance.now() - started);
    started = performance.now();
    candidate();
    candidateMs.push(performance.now() - started);
  }
  return { baseline: summarize(readingCount, baselineMs), candidate: summarize(readingCount, candidateMs) };
}
