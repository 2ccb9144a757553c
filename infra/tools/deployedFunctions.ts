import { expandBlocks } from './expandBlocks.js';
import { type PolicyStatement, policyStatements } from './iamPolicies.js';
import type { ModuleInstance } from './moduleInstances.js';
import { type PlacedBlock, placedAddress, placedBlocks, pointsAt } from './placedBlocks.js';
import {
  isStaticObject,
  ResourceReference,
  StaticEvaluator,
  type StaticValue,
  UnknownValue,
} from './staticEvaluator.js';

/** One `aws_lambda_function` as deployed, with what Terraform gives it. */
export type DeployedFunction = PlacedBlock & {
  /** Full address, such as `module.processor.aws_lambda_function.this`. */
  address: string;
  /** Evaluated `filename` (an absolute path when known). */
  filename: StaticValue;
  /** Evaluated `handler`. */
  handler: StaticValue;
  /** Evaluated `runtime`. */
  runtime: StaticValue;
  /** Evaluated `timeout` (Terraform's default 3 when absent). */
  timeout: StaticValue;
  /** Evaluated `memory_size` (default 128). */
  memorySize: StaticValue;
  /** Environment variables Terraform sets, by name (an {@link UnknownValue} when not known). */
  environment: Record<string, StaticValue> | UnknownValue;
  /** Evaluated `tracing_config.mode`, undefined without the block. */
  tracingMode: StaticValue | undefined;
  /** The execution role, when `role` points at an `aws_iam_role` of the configuration. */
  role: PlacedBlock | undefined;
  /** Statements of every policy attached to the role, and where each is attached. */
  statements: PolicyStatement[];
  /** Problems finding the role's policies (managed policies, unresolvable documents). */
  policyProblems: string[];
  /** Event source mappings that invoke the function. */
  eventSources: PlacedBlock[];
  /** Whether one of them reads an `aws_sqs_queue` of the configuration. */
  sqsEventSource: boolean;
};

/**
 * Every `aws_lambda_function` of the configuration, per module instance, with its
 * evaluated settings, environment, role, the statements of every policy attached to
 * that role anywhere in the configuration, and the event source mappings invoking it.
 *
 * @example
 * (await deployedFunctions(moduleInstances(config))).map((fn) => fn.address); // ['module.api.aws_lambda_function.this', …]
 */
export async function deployedFunctions(root: ModuleInstance): Promise<DeployedFunction[]> {
  const values = new StaticEvaluator();
  const references = new StaticEvaluator({ substituteArguments: false });
  const rolePolicies = placedBlocks(root, 'aws_iam_role_policy');
  const attachments = placedBlocks(root, 'aws_iam_role_policy_attachment');
  const mappings = placedBlocks(root, 'aws_lambda_event_source_mapping');
  const functions: DeployedFunction[] = [];

  for (const placed of placedBlocks(root, 'aws_lambda_function')) {
    const { instance, block } = placed;
    const evaluate = (name: string, fallback: StaticValue) =>
      name in block.body ? values.evaluate(instance, block.body[name]) : Promise.resolve(fallback);

    let environment: Record<string, StaticValue> | UnknownValue = {};
    for (const { body, bindings } of await expandBlocks(values, instance, block.body, 'environment')) {
      const variables = await values.evaluate(instance, body.variables ?? {}, bindings);
      environment = isStaticObject(variables)
        ? { ...(environment instanceof UnknownValue ? {} : environment), ...variables }
        : new UnknownValue(`environment variables are not statically known`);
    }
    const [tracing] = await expandBlocks(values, instance, block.body, 'tracing_config');

    const roleValue = await references.evaluate(instance, block.body.role);
    const role =
      roleValue instanceof ResourceReference && roleValue.block.type === 'aws_iam_role'
        ? { instance: roleValue.instance, block: roleValue.block }
        : undefined;

    const statements: PolicyStatement[] = [];
    const policyProblems: string[] = [];
    if (role !== undefined) {
      for (const policy of rolePolicies) {
        if (!pointsAt(await references.evaluate(policy.instance, policy.block.body.role), role)) continue;
        const document = await references.evaluate(policy.instance, policy.block.body.policy);
        const found = await policyStatements(references, document, placedAddress(policy), policy.block.file);
        if (found === undefined)
          policyProblems.push(`${placedAddress(policy)}: policy is not statically known`);
        else statements.push(...found);
      }
      for (const attachment of attachments) {
        if (!pointsAt(await references.evaluate(attachment.instance, attachment.block.body.role), role))
          continue;
        policyProblems.push(
          `${placedAddress(attachment)} attaches a managed policy; grant the code's actions inline so they can be checked`,
        );
      }
      for (const { body, bindings } of await expandBlocks(
        references,
        role.instance,
        role.block.body,
        'inline_policy',
      )) {
        const document = await references.evaluate(role.instance, body.policy, bindings);
        const found = await policyStatements(references, document, placedAddress(role), role.block.file);
        if (found === undefined)
          policyProblems.push(`${placedAddress(role)}: inline policy is not statically known`);
        else statements.push(...found);
      }
    }

    const eventSources: PlacedBlock[] = [];
    let sqsEventSource = false;
    for (const mapping of mappings) {
      if (!pointsAt(await references.evaluate(mapping.instance, mapping.block.body.function_name), placed))
        continue;
      eventSources.push(mapping);
      const source = await references.evaluate(mapping.instance, mapping.block.body.event_source_arn);
      if (source instanceof ResourceReference && source.block.type === 'aws_sqs_queue') sqsEventSource = true;
    }

    functions.push({
      ...placed,
      address: placedAddress(placed),
      filename: await evaluate('filename', null),
      handler: await evaluate('handler', null),
      runtime: await evaluate('runtime', null),
      timeout: await evaluate('timeout', 3),
      memorySize: await evaluate('memory_size', 128),
      environment,
      tracingMode:
        tracing === undefined
          ? undefined
          : await values.evaluate(instance, tracing.body.mode, tracing.bindings),
      role,
      statements,
      policyProblems,
      eventSources,
      sqsEventSource,
    });
  }
  return functions;
}
