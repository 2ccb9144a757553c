import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ToolMissingError } from './errors.js';
import { REPO_ROOT } from './paths.js';

const run = promisify(execFile);

/** One failed checkov check. */
type CheckovFailure = {
  /** Check id, such as `CKV_AWS_117`. */
  checkId: string;
  /** Check title. */
  name: string;
  /** Resource address. */
  resource: string;
  /** File, relative to the scanned directory. */
  file: string;
  /** Lines of the block. */
  lines: [number, number];
};

/** What one checkov run found. */
export type CheckovResult = {
  /** checkov version. */
  version: string;
  /** Resources scanned. */
  resources: number;
  /** Passed checks. */
  passed: number;
  /** Failed checks. */
  failed: CheckovFailure[];
  /** Checks skipped by inline `#checkov:skip=ID:reason` comments. */
  skipped: number;
  /** Parsing errors checkov reported. */
  parsingErrors: number;
};

/**
 * Where checkov is: the project venv (`make venv`) first, then PATH.
 *
 * @throws {@link ToolMissingError} telling to run `make venv`.
 */
async function findCheckov(repoRoot: string = REPO_ROOT): Promise<string> {
  const venv = join(repoRoot, '.venv', 'bin', 'checkov');
  if (existsSync(venv)) return venv;
  try {
    const { stdout } = await run('sh', ['-c', 'command -v checkov']);
    if (stdout.trim() !== '') return stdout.trim();
  } catch {
    // Not on PATH either.
  }
  throw new ToolMissingError('checkov', 'run make venv (it installs checkov into .venv)');
}

type CheckovReport = {
  check_type?: string;
  results?: {
    failed_checks?: {
      check_id: string;
      check_name: string;
      resource: string;
      file_path: string;
      file_line_range: [number, number];
    }[];
  };
  summary?: {
    checkov_version?: string;
    passed?: number;
    skipped?: number;
    parsing_errors?: number;
    resource_count?: number;
  };
};

/**
 * Runs checkov's Terraform framework over a directory (`--quiet --compact -o json`),
 * skipping `skipPaths` (such as the negative fixtures), and returns its findings.
 * checkov exits 1 when checks fail; that is a result here, not an error.
 *
 * @example
 * const result = await runCheckov(INFRA_DIR, ['tests/fixtures', 'node_modules']);
 * result.failed; // [] when every check passes or is skipped with a reason
 */
export async function runCheckov(dir: string, skipPaths: readonly string[] = []): Promise<CheckovResult> {
  const checkov = await findCheckov();
  const args = [
    '-d',
    dir,
    '--framework',
    'terraform',
    '--quiet',
    '--compact',
    '-o',
    'json',
    '--skip-download',
  ];
  for (const path of skipPaths) args.push('--skip-path', path);
  let stdout: string;
  try {
    ({ stdout } = await run(checkov, args, {
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, LOG_LEVEL: 'ERROR' },
    }));
  } catch (error) {
    const failed = error as { stdout?: string; code?: number };
    if (failed.code !== 1 || failed.stdout === undefined) throw error;
    stdout = failed.stdout;
  }
  const parsed = JSON.parse(stdout) as CheckovReport | CheckovReport[];
  const reports = (Array.isArray(parsed) ? parsed : [parsed]).filter(
    (report) => report.results !== undefined,
  );
  const result: CheckovResult = {
    version: '',
    resources: 0,
    passed: 0,
    failed: [],
    skipped: 0,
    parsingErrors: 0,
  };
  for (const report of reports) {
    // --quiet lists only failed checks; the summary counts the rest.
    result.version = report.summary?.checkov_version ?? result.version;
    result.resources += report.summary?.resource_count ?? 0;
    result.passed += report.summary?.passed ?? 0;
    result.skipped += report.summary?.skipped ?? 0;
    result.parsingErrors += report.summary?.parsing_errors ?? 0;
    for (const failure of report.results?.failed_checks ?? []) {
      result.failed.push({
        checkId: failure.check_id,
        name: failure.check_name,
        resource: failure.resource,
        file: failure.file_path,
        lines: failure.file_line_range,
      });
    }
  }
  return result;
}
