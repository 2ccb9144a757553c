import { blockLine, resourceLine } from './locate.js';
import { allInstances, type ModuleInstance } from './moduleInstances.js';
import { repoRelative } from './paths.js';
import { placedAddress } from './placedBlocks.js';
import { StaticEvaluator } from './staticEvaluator.js';
import type { Finding, HclBody, HclValue } from './types.js';

/** How many conditions a run could decide, and which failed. */
export type ConditionReport = {
  /** Conditions evaluated to true or false. */
  evaluated: number;
  /** Conditions that depend on values only known at plan or apply (skipped). */
  undecided: number;
  /** Conditions that evaluate to false with the configured values. */
  findings: Finding[];
};

function checks(value: HclValue | undefined): HclBody[] {
  return Array.isArray(value)
    ? value.filter(
        (item): item is HclBody => typeof item === 'object' && item !== null && !Array.isArray(item),
      )
    : [];
}

/**
 * Evaluates every variable `validation`, resource `precondition` and output
 * `precondition` of every module instance with the values the configuration passes
 * (defaults, module arguments, locals), the way `terraform plan` would: a condition
 * that is false is a plan that would fail. Conditions that depend on unknown values
 * (ARNs, functions not modelled such as `regex`) are counted as undecided.
 *
 * @example
 * (await checkConditions(moduleInstances(config))).findings; // [] when every decidable condition holds
 */
export async function checkConditions(root: ModuleInstance): Promise<ConditionReport> {
  const evaluator = new StaticEvaluator();
  const report: ConditionReport = { evaluated: 0, undecided: 0, findings: [] };
  const decide = async (
    instance: ModuleInstance,
    check: HclBody,
    where: { file: string; line: number | undefined; address: string },
  ) => {
    const result = await evaluator.evaluate(instance, check.condition);
    if (typeof result !== 'boolean') {
      report.undecided++;
      return;
    }
    report.evaluated++;
    if (result) return;
    const message = typeof check.error_message === 'string' ? check.error_message : 'condition is false';
    report.findings.push({
      check: 'conditions',
      file: repoRelative(where.file),
      ...(where.line === undefined ? {} : { line: where.line }),
      address: where.address,
      message: `${where.address}: condition ${JSON.stringify(check.condition)} is false with the configured values: ${message}`,
    });
  };
  for (const instance of allInstances(root)) {
    const prefix = instance.path === '' ? '' : `${instance.path}.`;
    for (const variable of instance.module.variables.values()) {
      const source = instance.module.sources.get(variable.file) ?? '';
      for (const check of checks(variable.body.validation)) {
        await decide(instance, check, {
          file: variable.file,
          line: blockLine(source, 'variable', [variable.name]),
          address: `${prefix}var.${variable.name}`,
        });
      }
    }
    for (const block of instance.module.resources) {
      const source = instance.module.sources.get(block.file) ?? '';
      for (const lifecycle of checks(block.body.lifecycle)) {
        for (const check of checks(lifecycle.precondition)) {
          await decide(instance, check, {
            file: block.file,
            line: resourceLine(source, block),
            address: placedAddress({ instance, block }),
          });
        }
      }
    }
    for (const output of instance.module.outputs.values()) {
      const source = instance.module.sources.get(output.file) ?? '';
      for (const check of checks(output.body.precondition)) {
        await decide(instance, check, {
          file: output.file,
          line: blockLine(source, 'output', [output.name]),
          address: `${prefix}output.${output.name}`,
        });
      }
    }
  }
  return report;
}
