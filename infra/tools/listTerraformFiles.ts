import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

// Directories that never hold configuration of the stack: tooling, caches, and the
// deliberately broken negative fixtures (checked one by one by their own tests).
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.terraform', '.turbo', 'tests', 'tools', 'schema']);

/**
 * Every `.tf` file under `dir`, recursively, sorted; skips `node_modules`, `.terraform`,
 * `.turbo`, and the verification's own `tests`, `tools` and `schema` directories.
 *
 * @example
 * await listTerraformFiles(INFRA_DIR); // ['/…/infra/main.tf', '/…/infra/modules/queue/main.tf', …]
 */
export async function listTerraformFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) files.push(...(await listTerraformFiles(path)));
    } else if (entry.isFile() && entry.name.endsWith('.tf')) {
      files.push(path);
    }
  }
  return files.sort();
}
