import { expandBlocks } from './expandBlocks.js';
import type { ModuleInstance } from './moduleInstances.js';
import {
  isStaticObject,
  JsonEncoded,
  ResourceReference,
  type StaticEvaluator,
  type StaticValue,
  UnknownValue,
} from './staticEvaluator.js';
import type { ResourceBlock } from './types.js';

/** One IAM policy statement, evaluated as far as the configuration allows. */
export type PolicyStatement = {
  /** Where the statement is written (a policy document or a jsonencode policy). */
  source: string;
  /** File of that block. */
  file: string;
  /** `Allow` or `Deny`. */
  effect: string;
  /** Action names; an {@link UnknownValue} entry when one is not statically known. */
  actions: StaticValue[];
  /** NotAction names (flagged: they grant everything else). */
  notActions: StaticValue[];
  /** Resource ARNs or references. */
  resources: StaticValue[];
};

function asList(value: StaticValue | undefined): StaticValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * The statements of an `aws_iam_policy_document` data block in one module instance,
 * dynamic `statement` blocks expanded.
 */
export async function documentStatements(
  evaluator: StaticEvaluator,
  instance: ModuleInstance,
  document: ResourceBlock,
): Promise<PolicyStatement[]> {
  const statements: PolicyStatement[] = [];
  const source = `${instance.path === '' ? '' : `${instance.path}.`}data.${document.type}.${document.name}`;
  for (const { body, bindings } of await expandBlocks(evaluator, instance, document.body, 'statement')) {
    const effect = await evaluator.evaluate(instance, body.effect ?? 'Allow', bindings);
    statements.push({
      source,
      file: document.file,
      effect: typeof effect === 'string' ? effect : 'Allow',
      actions: asList(await evaluator.evaluate(instance, body.actions ?? null, bindings)),
      notActions: asList(await evaluator.evaluate(instance, body.not_actions ?? null, bindings)),
      resources: asList(await evaluator.evaluate(instance, body.resources ?? null, bindings)),
    });
  }
  return statements;
}

/**
 * The statements of a policy value — the evaluated `policy` argument of a role policy,
 * queue policy, topic policy or bucket policy: a reference to an
 * `aws_iam_policy_document`'s `json`, a `jsonencode({...})`, or a JSON string.
 * Returns undefined when the value cannot be resolved statically.
 */
export async function policyStatements(
  evaluator: StaticEvaluator,
  policy: StaticValue,
  source: string,
  file: string,
): Promise<PolicyStatement[] | undefined> {
  if (policy instanceof ResourceReference) {
    if (policy.block.mode === 'data' && policy.block.type === 'aws_iam_policy_document') {
      return documentStatements(evaluator, policy.instance, policy.block);
    }
    return undefined;
  }
  let document: StaticValue;
  if (policy instanceof JsonEncoded) document = policy.value;
  else if (typeof policy === 'string') {
    try {
      document = JSON.parse(policy) as StaticValue;
    } catch {
      return undefined;
    }
  } else return undefined;
  if (!isStaticObject(document)) return undefined;
  return asList(document.Statement).map((statement) => {
    const body = isStaticObject(statement) ? statement : {};
    return {
      source,
      file,
      effect: typeof body.Effect === 'string' ? body.Effect : 'Allow',
      actions: asList(body.Action),
      notActions: asList(body.NotAction),
      resources: asList(body.Resource),
    };
  });
}

/** Whether an evaluated action is a wildcard (`*`, `s3:*`, `s3:Get*`), or not known. */
export function actionProblem(action: StaticValue): string | undefined {
  if (action instanceof UnknownValue) return `an action is not statically known (${action.reason})`;
  if (typeof action !== 'string') return 'an action is not a string';
  if (action.includes('*') || action.includes('?')) return `wildcard action "${action}"`;
  return undefined;
}
