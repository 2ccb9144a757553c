import { closestName } from './closestName.js';
import { calledModuleDir } from './loadConfiguration.js';
import { blockLine } from './locate.js';
import { repoRelative } from './paths.js';
import type { Finding, TerraformConfiguration } from './types.js';

/** Arguments of a `module` block that Terraform defines, not the called module. */
const MODULE_META_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'depends_on', 'providers']);

/**
 * Checks every module call: each argument is a declared variable of the called module,
 * and each variable of that module without a default is passed.
 *
 * @example
 * checkModuleCalls(await loadConfiguration(INFRA_DIR)); // [] when every call matches its module
 */
export function checkModuleCalls(config: TerraformConfiguration): Finding[] {
  const findings: Finding[] = [];
  for (const module of config.modules.values()) {
    for (const call of module.modules.values()) {
      const called = config.modules.get(calledModuleDir(module, call));
      if (called === undefined) continue;
      const line = blockLine(module.sources.get(call.file) ?? '', 'module', [call.name]);
      const base = {
        check: 'module-calls',
        file: repoRelative(call.file),
        ...(line === undefined ? {} : { line }),
        address: `module.${call.name}`,
      };
      for (const argument of Object.keys(call.body)) {
        if (MODULE_META_ARGUMENTS.has(argument) || called.variables.has(argument)) continue;
        const suggestion = closestName(argument, called.variables.keys());
        findings.push({
          ...base,
          message: `argument "${argument}" is not a variable of ${call.source}${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}`,
        });
      }
      for (const variable of called.variables.values()) {
        if (!variable.hasDefault && !(variable.name in call.body)) {
          findings.push({
            ...base,
            message: `required variable "${variable.name}" of ${call.source} (no default) is not passed`,
          });
        }
      }
    }
  }
  return findings;
}
