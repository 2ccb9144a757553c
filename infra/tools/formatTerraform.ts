/**
 * Rewrites every `.tf` file under `infra/` in `terraform fmt` form, for machines
 * without a terraform binary: `pnpm --filter @energy/infra fmt`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { formatHcl } from './checkFormat.js';
import { listTerraformFiles } from './listTerraformFiles.js';
import { INFRA_DIR, repoRelative } from './paths.js';

for (const file of await listTerraformFiles(INFRA_DIR)) {
  const source = await readFile(file, 'utf8');
  const formatted = await formatHcl(source);
  if (formatted !== source) {
    await writeFile(file, formatted);
    console.log(`formatted ${repoRelative(file)}`);
  }
}
