import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from '../src/moto.js';

/** docs/benchmarks.md at the repository root. */
export const BENCHMARKS_FILE = join(REPOSITORY_ROOT, 'docs', 'benchmarks.md');

const HEADER = `# Benchmarks

Run every benchmark with one command from the repository root:

\`\`\`sh
make bench      # installs what is missing (Node deps, the moto venv), then runs pnpm bench
pnpm bench      # turbo run bench --concurrency=1; needs .venv/bin on PATH for the emulator benches
\`\`\`

Each package's \`bench\` script rewrites only its own section below (between its
\`<!-- bench:<area>:start -->\` / \`<!-- bench:<area>:end -->\` markers), stamped with the date,
the machine and the command.
`;

/** CPU model, cores, memory, Node version, and the load when the bench started. */
export function machineStamp(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memory = (os.totalmem() / 2 ** 30).toFixed(1);
  const load = os.loadavg()[0]?.toFixed(1) ?? '?';
  return `${cpu} · ${os.cpus().length} cores · ${memory} GiB · Node ${process.version} · ${process.platform} ${process.arch} · load average ${load} at start`;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/**
 * Replaces this area's section of docs/benchmarks.md (between `<!-- bench:<area>:start -->`
 * and `<!-- bench:<area>:end -->`), appending it when missing; other sections stay byte for byte.
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
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, next);
  renameSync(temporary, file);
}
