import { repoRelative } from './paths.js';
import type { Finding, TerraformModule } from './types.js';

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

/** Every `#checkov:skip=` comment in the modules' files. */
export function checkovSkips(modules: Iterable<TerraformModule>): CheckovSkip[] {
  const skips: CheckovSkip[] = [];
  for (const module of modules) {
    for (const [file, source] of module.sources) {
      source.split('\n').forEach((line, index) => {
        const match = SKIP.exec(line.trim());
        if (match !== null) {
          skips.push({ checkId: match[1] as string, reason: (match[2] ?? '').trim(), file, line: index + 1 });
        }
      });
    }
  }
  return skips;
}

/**
 * Checks that every checkov suppression says why (`#checkov:skip=ID:reason` with a
 * reason of at least a few words), so a skip is a documented decision, not a mute button.
 *
 * @example
 * checkCheckovSkips(config.modules.values()); // [] when every skip has a reason
 */
export function checkCheckovSkips(modules: Iterable<TerraformModule>): Finding[] {
  return checkovSkips(modules)
    .filter((skip) => skip.reason.split(/\s+/).filter(Boolean).length < 3)
    .map((skip) => ({
      check: 'checkov-skips',
      file: repoRelative(skip.file),
      line: skip.line,
      address: skip.checkId,
      message: `#checkov:skip=${skip.checkId} has no reason (write #checkov:skip=${skip.checkId}:<why this check does not apply>)`,
    }));
}
