import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** docs/benchmarks.md at the repository root, whichever package runs the bench. */
const BENCHMARKS_FILE = join(dirname(fileURLToPath(import.meta.url)), '../../../docs/benchmarks.md');

// Written only when docs/benchmarks.md does not exist yet.
const HEADER = `# Benchmarks

Run every benchmark with one command from the repository root:

\`\`\`sh
make bench    # installs what is missing (Node deps, the moto venv), then runs pnpm bench
pnpm bench    # turbo run bench --concurrency=1; the emulator benches need .venv/bin on PATH (make venv)
\`\`\`

Each package's \`bench\` script rewrites only its own section below, between its
\`<!-- bench:<area>:start -->\` / \`<!-- bench:<area>:end -->\` markers, stamped with the date, the
machine, the load when it started and the command. Absolute numbers depend on the machine (and on
what else it runs: the reference machine has 2 cores, shared); what the goals judge is the
**ratio** of each measurement to a baseline measured in the same run, on the same machine, with
the same data — for example the pipeline's readings/s against \`JSON.parse\` alone on the same bytes,
or the processor's items/s against plain \`BatchWriteItem\` calls. Speed is never asserted in tests.
`;

/** One-minute load average when the process started: the machine is shared, and load skews timings. */
const LOAD_AT_START = os.loadavg()[0] ?? 0;

/**
 * Describes the machine a result was measured on: CPU model, cores, memory, Node version,
 * and with `withLoad` the load average when the bench started.
 *
 * @example
 * machineStamp(); // 'Intel(R) Xeon(R) … · 2 cores · 23.5 GiB · Node v20.20.2 · linux x64'
 */
export function machineStamp(options: { withLoad?: boolean } = {}): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memory = (os.totalmem() / 2 ** 30).toFixed(1);
  const stamp = `${cpu} · ${os.cpus().length} cores · ${memory} GiB · Node ${process.version} · ${process.platform} ${process.arch}`;
  return options.withLoad ? `${stamp} · load average ${LOAD_AT_START.toFixed(1)} at start` : stamp;
}

/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/** Nearest-rank percentile (`p` in 0-100) of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** Formats a number with thousands separators and no decimals (`1,234,567`). */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** A number with thousands separators (`1,234.57`) and exactly `digits` decimals. */
export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/**
 * The section text stamped with when, where and how it was measured. `command`
 * is markdown (put commands in backticks); `body` is what follows the stamp.
 */
export function stampedSection(title: string, command: string, body: string): string {
  return [
    `## ${title}`,
    '',
    `Measured ${new Date().toISOString()} on ${machineStamp({ withLoad: true })}.`,
    `Command: ${command}`,
    '',
    body.trimEnd(),
  ].join('\n');
}

/**
 * Replaces the content between `<!-- bench:<area>:start -->` and
 * `<!-- bench:<area>:end -->` in docs/benchmarks.md, creating the file (with its
 * header) or appending the section when missing. Other areas' sections are kept
 * byte for byte: several engineers' benches share this file.
 *
 * @example
 * writeBenchSection('core', stampedSection('Core parser', 'pnpm bench', table));
 */
export function writeBenchSection(area: string, content: string, file = BENCHMARKS_FILE): void {
  const start = `<!-- bench:${area}:start -->`;
  const end = `<!-- bench:${area}:end -->`;
  const block = `${start}\n${content.trimEnd()}\n${end}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from !== -1 && to > from
      ? current.slice(0, from) + block + current.slice(to + end.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  // Write-then-rename: a bench killed mid-write must not truncate the others' sections.
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, next);
  renameSync(temporary, file);
}
