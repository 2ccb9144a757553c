import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { INFRA_DIR } from './paths.js';

/**
 * The root configurations under infra/: the stack itself and each example in
 * infra/examples/ (such as the optional GitHub deploy-role bootstrap), so that modules
 * only an example calls are verified too.
 *
 * @example
 * await configurationRoots(); // ['/…/infra', '/…/infra/examples/github-deploy-role']
 */
export async function configurationRoots(infraDir: string = INFRA_DIR): Promise<string[]> {
  const examplesDir = join(infraDir, 'examples');
  const examples = existsSync(examplesDir) ? await readdir(examplesDir, { withFileTypes: true }) : [];
  const roots = [infraDir];
  for (const entry of examples
    .filter((candidate) => candidate.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = join(examplesDir, entry.name);
    if ((await readdir(dir)).some((name) => name.endsWith('.tf'))) roots.push(dir);
  }
  return roots;
}
