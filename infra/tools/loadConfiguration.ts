import { resolve } from 'node:path';
import { TerraformLoadError } from './errors.js';
import { loadModule } from './loadModule.js';
import { repoRelative } from './paths.js';
import type { ModuleCall, TerraformConfiguration, TerraformModule } from './types.js';

/**
 * Whether a module source is a local path (`./x`, `../x`), which this verification
 * follows; registry and git sources would need a network.
 */
export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../');
}

/**
 * The directory a local module call points at.
 *
 * @example
 * calledModuleDir(root, root.modules.get('queue')!); // '/…/infra/modules/queue'
 */
export function calledModuleDir(caller: TerraformModule, call: ModuleCall): string {
  return resolve(caller.dir, call.source);
}

/**
 * Loads a root module and, recursively, every local module it calls.
 *
 * @example
 * const config = await loadConfiguration(INFRA_DIR);
 * [...config.modules.keys()]; // ['/…/infra', '/…/infra/modules/queue', …]
 * @throws {@link TerraformLoadError} when a call has a non-local source or a file does not parse.
 */
export async function loadConfiguration(directory: string): Promise<TerraformConfiguration> {
  const rootDir = resolve(directory);
  const root = await loadModule(rootDir);
  const modules = new Map<string, TerraformModule>([[rootDir, root]]);
  const pending: TerraformModule[] = [root];
  for (let module = pending.pop(); module !== undefined; module = pending.pop()) {
    for (const call of module.modules.values()) {
      if (!isLocalSource(call.source)) {
        throw new TerraformLoadError(
          repoRelative(call.file),
          `module "${call.name}" has source ${JSON.stringify(call.source)}; only local modules can be verified offline`,
        );
      }
      const dir = calledModuleDir(module, call);
      if (!modules.has(dir)) {
        const called = await loadModule(dir);
        modules.set(dir, called);
        pending.push(called);
      }
    }
  }
  return { root, modules };
}
