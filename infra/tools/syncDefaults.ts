/**
 * Keeps the annotated defaults of `infra/variables.tf` equal to `STACK_SETTINGS`, their
 * definition (packages/config/src/stackSettings.ts): every variable below a
 * `# STACK_SETTINGS.<path>` comment gets that setting as its default.
 *
 *   node --import tsx tools/syncDefaults.ts [--check]   lists drifted defaults, exits 1 if any
 *   node --import tsx tools/syncDefaults.ts --write     rewrites them in place
 *
 * (`pnpm --filter @energy/infra defaults:sync` is the second; infra/tests/stackDefaults.test.ts
 * runs the check.) Exits 1 with every problem listed when an annotation cannot be checked,
 * 2 on an unknown argument.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { STACK_SETTINGS } from '@energy/config';
import { INFRA_DIR, repoRelative } from './paths.js';
import { driftMessage, StackDefaultsError, syncStackDefaults } from './stackDefaults.js';

const args = process.argv.slice(2);
const [flag = '--check', ...extra] = args;
if ((flag !== '--check' && flag !== '--write') || extra.length > 0) {
  console.error(`usage: syncDefaults.ts [--check | --write] (got ${args.join(' ')})`);
  process.exit(2);
}
const mode = flag === '--write' ? 'write' : 'check';

const path = join(INFRA_DIR, 'variables.tf');
const file = repoRelative(path);
try {
  const report = syncStackDefaults(await readFile(path, 'utf8'), STACK_SETTINGS, file);
  if (report.drifts.length === 0) {
    console.log(`${file}: all ${report.annotated} annotated defaults equal STACK_SETTINGS`);
  } else if (mode === 'write') {
    await writeFile(path, report.text);
    for (const drift of report.drifts) {
      console.log(`${file}:${drift.line}: ${drift.variable}: ${drift.current} -> ${drift.expected}`);
    }
    console.log(`${file}: rewrote ${report.drifts.length} of ${report.annotated} annotated defaults`);
  } else {
    console.error(driftMessage(report.drifts, file));
    process.exitCode = 1;
  }
} catch (error) {
  if (!(error instanceof StackDefaultsError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
