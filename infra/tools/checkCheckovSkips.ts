import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRelative } from './paths.js';
import type { Finding } from './types.js';

// `#checkov:skip=CKV_AWS_117:reason` (checkov's inline suppression syntax)
const SKIP = /#\s*checkov:skip=([A-Z0-9_]+)(?::(.*))?$/;

/** One inline checkov suppression. */
export type CheckovSkip = {
  /** Check id. */
  checkId: string;
  /** The reason written after the id. */
  reason: string;
  /** File. */
  file: string;
  /** 1-based line. */
  line: number;
};

/** Every `.tf` file under `dir`, skipping `.terraform` and `node_modules`. */
async function terraformFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === '.terraform' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await terraformFiles(path)));
    else if (entry.name.endsWith('.tf')) files.push(path);
  }
  return files.sort();
}

/** Every `#checkov:skip=` comment in the `.tf` files under `dir`. */
export async function checkovSkips(dir: string): Promise<CheckovSkip[]> {
  const skips: CheckovSkip[] = [];
  for (const file of await terraformFiles(dir)) {
    (await readFile(file, 'utf8')).split('\n').forEach((line, index) => {
      const match = SKIP.exec(line.trim());
      if (match !== null) {
        skips.push({ checkId: match[1] as string, reason: (match[2] ?? '').trim(), file, line: index + 1 });
      }
    });
  }
  return skips;
}

/**
 * Checks that every checkov suppression says why (`#checkov:skip=ID:reason` with a reason
 * of at least three words), so a skip is a documented decision, not a mute button
 * (checkov itself accepts a bare id).
 *
 * @example
 * await checkCheckovSkips(INFRA_DIR); // [] when every skip has a reason
 */
export async function checkCheckovSkips(dir: string): Promise<Finding[]> {
  return (await checkovSkips(dir))
    .filter((skip) => skip.reason.split(/\s+/).filter(Boolean).length < 3)
    .map((skip) => ({
      check: 'checkov-skips',
      address: `${repoRelative(skip.file)}:${skip.line}`,
      message: `#checkov:skip=${skip.checkId} has no reason (write #checkov:skip=${skip.checkId}:<why this check does not apply>)`,
    }));
}
