import type { Logger } from '@aws-lambda-powertools/logger';
import type { S3Client } from '@aws-sdk/client-s3';
import type { GeneratorConfig } from './environment.js';
import { simulateTick } from './simulation/simulateTick.js';
import { tickFileBody, tickObjectKey } from './simulation/tickFile.js';
import { writeTickFile } from './writeTickFile.js';

/** What one tick wrote. */
export type TickResult = {
  /** Bucket written to. */
  bucket: string;
  /** Object key. */
  key: string;
  /** Readings in the file. */
  count: number;
  /** Values replaced by a faulty-meter reading. */
  anomalies: number;
  /** Bytes written. */
  bytes: number;
};

/** The scheduler's event: the tick time, when the schedule passes it. */
type GeneratorEvent = {
  /** Scheduled time (EventBridge Scheduler `<aws.scheduler.scheduled-time>`). */
  scheduledTime?: string;
  /** Event time (EventBridge rules' events). */
  time?: string;
};

/**
 * The tick time of an invocation: the scheduled time when the event carries one (so a
 * retried invocation rewrites the same file), otherwise now.
 */
export function tickTime(event: unknown, now: () => number = Date.now): number {
  if (typeof event === 'object' && event !== null) {
    const { scheduledTime, time } = event as GeneratorEvent;
    for (const candidate of [scheduledTime, time]) {
      const ms = typeof candidate === 'string' ? Date.parse(candidate) : Number.NaN;
      if (Number.isFinite(ms)) return ms;
    }
  }
  return now();
}

/**
 * Simulates one tick for every site and writes it as one file.
 *
 * @example
 * await runTick({ s3, config, logger }, Date.now());
 */
export async function runTick(
  deps: { s3: S3Client; config: GeneratorConfig; logger: Logger },
  tickMs: number,
): Promise<TickResult> {
  const { config } = deps;
  const tick = simulateTick(tickMs, config);
  const key = tickObjectKey(config.keyPrefix, tick.timestamp);
  const bytes = await writeTickFile(deps.s3, {
    bucket: config.bucket,
    key,
    body: tickFileBody(tick.readings),
  });
  const result: TickResult = {
    bucket: config.bucket,
    key,
    count: tick.readings.length,
    anomalies: tick.injected.length,
    bytes,
  };
  deps.logger.info('tick written', { ...result });
  return result;
}
