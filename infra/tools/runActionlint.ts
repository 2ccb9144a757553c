import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ToolMissingError } from './errors.js';
import { REPO_ROOT } from './paths.js';

const run = promisify(execFile);

/** One actionlint error. */
export type ActionlintError = {
  /** Workflow file. */
  filepath: string;
  /** 1-based line. */
  line: number;
  /** Rule kind, such as `syntax-check` or `expression`. */
  kind: string;
  /** What is wrong. */
  message: string;
};

/**
 * Where actionlint is: .tools/bin (`make tools`, from the Go module proxy) first, then PATH.
 *
 * @throws {@link ToolMissingError} telling to run `make tools`.
 */
async function findActionlint(repoRoot: string = REPO_ROOT): Promise<string> {
  const local = join(repoRoot, '.tools', 'bin', 'actionlint');
  if (existsSync(local)) return local;
  try {
    const { stdout } = await run('sh', ['-c', 'command -v actionlint']);
    if (stdout.trim() !== '') return stdout.trim();
  } catch {
    // Not on PATH either.
  }
  throw new ToolMissingError('actionlint', 'run make tools (it installs actionlint into .tools/bin)');
}

/**
 * Lints GitHub Actions workflow files with actionlint (its JSON output; shellcheck and
 * pyflakes integrations off so results do not depend on what else is installed).
 * actionlint exits 1 when it finds errors; that is a result here, not a failure.
 *
 * @example
 * await runActionlint(['.github/workflows/ci.yml']); // [] when the workflow is valid
 */
export async function runActionlint(
  files: readonly string[],
  cwd: string = REPO_ROOT,
): Promise<ActionlintError[]> {
  const actionlint = await findActionlint();
  const args = ['-format', '{{json .}}', '-shellcheck=', '-pyflakes=', ...files];
  let stdout: string;
  try {
    ({ stdout } = await run(actionlint, args, { cwd }));
  } catch (error) {
    const failed = error as { stdout?: string; code?: number };
    if (failed.code !== 1 || failed.stdout === undefined) throw error;
    stdout = failed.stdout;
  }
  const errors = JSON.parse(stdout.trim() === '' ? '[]' : stdout) as ActionlintError[] | null;
  return (errors ?? []).map(({ filepath, line, kind, message }) => ({ filepath, line, kind, message }));
}
