import { Logger } from '@aws-lambda-powertools/logger';
import { type MockInstance, vi } from 'vitest';

/** A JSON log line as Powertools writes it. */
export type LogLine = Record<string, unknown> & { level: string; message: string };

const SERVICE = 'processor-capture';

/**
 * A logger whose lines (and its children's) are collected. Powertools prints through a
 * Console bound to `process.stdout` (debug/info) and `process.stderr` (warn/error), so the
 * streams' `write` is where every line passes; lines of other loggers go through unchanged.
 */
export function captureLogs(): { logger: Logger; lines: LogLine[]; restore: () => void } {
  const lines: LogLine[] = [];
  const spies: MockInstance[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    const spy = vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      const text = String(chunk);
      let parsed: LogLine | undefined;
      try {
        parsed = text.trimStart().startsWith('{') ? (JSON.parse(text) as LogLine) : undefined;
      } catch {
        parsed = undefined;
      }
      if (parsed?.service !== SERVICE) return original(chunk as string, ...(rest as []));
      lines.push(parsed);
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write);
    spies.push(spy);
  }
  const logger = new Logger({ serviceName: SERVICE, logLevel: 'INFO' });
  return {
    logger,
    lines,
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
