import type { TfvarsExample } from './loadTfvars.js';
import { blockLine } from './locate.js';
import { repoRelative } from './paths.js';
import type { Finding, TerraformModule } from './types.js';

/**
 * Checks that every root variable has a default or a value in a committed tfvars
 * example (so `make plan` has a documented value for it), and that the examples set
 * only declared variables.
 *
 * @example
 * checkRootVariables(config.root, await loadTfvarsExamples(INFRA_DIR)); // [] when all are covered
 */
export function checkRootVariables(root: TerraformModule, examples: readonly TfvarsExample[]): Finding[] {
  const findings: Finding[] = [];
  for (const variable of root.variables.values()) {
    if (variable.hasDefault || examples.some((example) => variable.name in example.values)) continue;
    const line = blockLine(root.sources.get(variable.file) ?? '', 'variable', [variable.name]);
    findings.push({
      check: 'root-variables',
      file: repoRelative(variable.file),
      ...(line === undefined ? {} : { line }),
      address: `var.${variable.name}`,
      message: `root variable "${variable.name}" has no default and no value in a committed *.tfvars.example`,
    });
  }
  for (const example of examples) {
    for (const name of Object.keys(example.values)) {
      if (root.variables.has(name)) continue;
      findings.push({
        check: 'root-variables',
        file: repoRelative(example.file),
        address: name,
        message: `${name} is set in ${repoRelative(example.file)} but not declared as a root variable`,
      });
    }
  }
  return findings;
}
