import { calledModuleDir } from './loadConfiguration.js';
import type { ModuleCall, TerraformConfiguration, TerraformModule } from './types.js';

/** One place a module is used: the root, or a module call inside another instance. */
export type ModuleInstance = {
  /** Module path as Terraform prints it: `''` for the root, `module.processor` for a call. */
  path: string;
  /** The module's code. */
  module: TerraformModule;
  /** The call that created it (absent for the root). */
  call?: ModuleCall;
  /** The instance that holds the call (absent for the root). */
  parent?: ModuleInstance;
  /** Child instances by call name. */
  children: Map<string, ModuleInstance>;
};

/**
 * Expands a configuration into its module instances, one per module call (a module
 * called three times, like a function module, yields three instances). Calls with
 * `count`/`for_each` still yield one instance: values that depend on the index stay unknown.
 *
 * @example
 * const root = moduleInstances(config);
 * root.children.get('processor')?.path; // 'module.processor'
 */
export function moduleInstances(config: TerraformConfiguration): ModuleInstance {
  const build = (module: TerraformModule, path: string, call?: ModuleCall, parent?: ModuleInstance) => {
    const instance: ModuleInstance = { path, module, children: new Map() };
    if (call !== undefined) instance.call = call;
    if (parent !== undefined) instance.parent = parent;
    for (const child of module.modules.values()) {
      const childModule = config.modules.get(calledModuleDir(module, child));
      if (childModule === undefined) continue;
      const childPath = path === '' ? `module.${child.name}` : `${path}.module.${child.name}`;
      instance.children.set(child.name, build(childModule, childPath, child, instance));
    }
    return instance;
  };
  return build(config.root, '');
}

/**
 * Every instance of the tree, depth first, the root first.
 *
 * @example
 * allInstances(root).map((instance) => instance.path); // ['', 'module.queue', …]
 */
export function allInstances(root: ModuleInstance): ModuleInstance[] {
  return [root, ...[...root.children.values()].flatMap((child) => allInstances(child))];
}
