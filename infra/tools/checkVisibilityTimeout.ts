import { resourceLine } from './locate.js';
import type { ModuleInstance } from './moduleInstances.js';
import { repoRelative } from './paths.js';
import { placedAddress, placedBlocks, referencedBlock } from './placedBlocks.js';
import { StaticEvaluator, type StaticValue } from './staticEvaluator.js';
import type { Finding, HclBody, HclValue, TerraformModule } from './types.js';

/** AWS guidance: visibility timeout ≥ 6 × function timeout (+ the batching window). */
export const VISIBILITY_FACTOR = 6;

// A condition that multiplies by 6: `6 * var.timeout` or `var.timeout * 6`.
const SIX_TIMES = /(^|[^0-9.])6\s*\*|\*\s*6([^0-9.]|$)/;

function conditions(body: HclBody, kinds: readonly string[]): string[] {
  const lifecycle = Array.isArray(body.lifecycle) ? body.lifecycle : [];
  return lifecycle.flatMap((item: HclValue) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? kinds.flatMap((kind) => {
          const list = item[kind];
          return Array.isArray(list)
            ? list.flatMap((check) =>
                typeof check === 'object' &&
                check !== null &&
                !Array.isArray(check) &&
                typeof check.condition === 'string'
                  ? [check.condition]
                  : [],
              )
            : [];
        })
      : [],
  );
}

/** Whether a module encodes the 6× rule in a precondition or a variable validation. */
function enforcesRule(module: TerraformModule): boolean {
  const resourceConditions = module.resources.flatMap((block) => conditions(block.body, ['precondition']));
  const validations = [...module.variables.values()].flatMap((variable) => {
    const list = Array.isArray(variable.body.validation) ? variable.body.validation : [];
    return list.flatMap((item) =>
      typeof item === 'object' && item !== null && !Array.isArray(item) && typeof item.condition === 'string'
        ? [item.condition]
        : [],
    );
  });
  return [...resourceConditions, ...validations].some((condition) => SIX_TIMES.test(condition));
}

/**
 * For every event source mapping from an SQS queue: the queue's visibility timeout
 * must be at least 6 × the function's timeout plus the batching window (AWS guidance:
 * otherwise a message becomes visible again while a retry of its batch is still
 * running), with the values the configuration gives them; and the module declaring the
 * mapping must enforce the rule in HCL (a precondition or validation multiplying by 6),
 * so a user's override fails at plan rather than in production.
 *
 * @example
 * await checkVisibilityTimeout(moduleInstances(config)); // [] when 190 ≥ 6 × 30 + 5 and a precondition says so
 */
export async function checkVisibilityTimeout(root: ModuleInstance): Promise<Finding[]> {
  const values = new StaticEvaluator();
  const references = new StaticEvaluator({ substituteArguments: false });
  const findings: Finding[] = [];
  for (const mapping of placedBlocks(root, 'aws_lambda_event_source_mapping')) {
    const { instance, block } = mapping;
    const queue = referencedBlock(await references.evaluate(instance, block.body.event_source_arn));
    if (queue === undefined || queue.block.type !== 'aws_sqs_queue') continue;
    const line = resourceLine(instance.module.sources.get(block.file) ?? '', block);
    const report = (message: string) =>
      findings.push({
        check: 'visibility-timeout',
        file: repoRelative(block.file),
        ...(line === undefined ? {} : { line }),
        address: placedAddress(mapping),
        message,
      });
    const fn = referencedBlock(await references.evaluate(instance, block.body.function_name));
    if (fn === undefined || fn.block.type !== 'aws_lambda_function') {
      report('function_name does not reference an aws_lambda_function of this configuration');
      continue;
    }
    const setting = (owner: typeof fn, name: string, fallback: number): Promise<StaticValue> =>
      name in owner.block.body
        ? values.evaluate(owner.instance, owner.block.body[name])
        : Promise.resolve(fallback);
    // Terraform/AWS defaults when an argument is absent: 30 s visibility, 3 s timeout, no window.
    const visibility = await setting(queue, 'visibility_timeout_seconds', 30);
    const timeout = await setting(fn, 'timeout', 3);
    const window = await setting(mapping, 'maximum_batching_window_in_seconds', 0);
    if (typeof visibility !== 'number' || typeof timeout !== 'number' || typeof window !== 'number') {
      report('visibility timeout, function timeout or batching window is not statically known');
    } else if (visibility < VISIBILITY_FACTOR * timeout + window) {
      report(
        `${placedAddress(queue)} visibility timeout ${visibility} s is below ${VISIBILITY_FACTOR} × ${placedAddress(fn)} timeout ${timeout} s + batching window ${window} s = ${VISIBILITY_FACTOR * timeout + window} s`,
      );
    }
    if (!enforcesRule(instance.module)) {
      report(
        `the module declaring this mapping has no precondition or validation enforcing visibility timeout ≥ ${VISIBILITY_FACTOR} × function timeout`,
      );
    }
  }
  return findings;
}
