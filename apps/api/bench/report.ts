import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** docs/benchmarks.md at the repository root. */
export const BENCHMARKS_FILE = join(dirname(fileURLToPath(import.meta.url)), '../../../docs/benchmarks.md');

/** Describes the machine: CPU model, cores, memory, Node version. */
export function machineStamp(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memory = (os.totalmem() / 2 ** 30).toFixed(1);
  return `${cpu} · ${os.cpus().length} cores · ${memory} GiB · Node ${process.version} · ${process.platform} ${process.arch}`;
}

/** Nearest-rank percentile (`p` in 0-100) of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** A number with thousands separators (`1,234,567`), at most `digits` decimals. */
export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/**
 * Replaces this area's section of docs/benchmarks.md (between its markers), appending
 * it when missing. Other sections are kept byte for byte; the file is written with
 * write-then-rename so an interrupted bench cannot truncate it.
 */
export function writeBenchSection(area: string, content: string, file = BENCHMARKS_FILE): void {
  const start = `<!-- bench:${area}:start -->`;
  const end = `<!-- bench:${area}:end -->`;
  const block = `${start}\n${content.trimEnd()}\n${end}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from !== -1 && to > from
      ? current.slice(0, from) + block + current.slice(to + end.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, next);
  renameSync(temporary, file);
}
