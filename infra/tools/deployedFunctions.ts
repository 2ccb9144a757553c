import { resolve } from 'node:path';
import { INFRA_DIR } from './paths.js';
import { firstBlock, type StateResource } from './terraformState.js';

/** One Allow or Deny statement of a role policy, as stored. */
type PolicyStatement = {
  /** Statement id. */
  sid: string | undefined;
  /** `Allow` or `Deny`. */
  effect: string;
  /** Actions, one per entry. */
  actions: string[];
  /** Resources, one per entry. */
  resources: string[];
};

/** One `aws_lambda_function` as Terraform applied it. */
export type DeployedFunction = {
  /** Full address, such as `module.processor.aws_lambda_function.this`. */
  address: string;
  /** Function name. */
  name: string;
  /** The zip, as an absolute path under this repository. */
  filename: string;
  /** Handler setting. */
  handler: string;
  /** Runtime identifier. */
  runtime: string;
  /** Timeout, seconds. */
  timeout: number;
  /** Memory, MB. */
  memorySize: number;
  /** Environment variables, by name. */
  environment: Record<string, string>;
  /** `tracing_config.mode`. */
  tracingMode: string | undefined;
  /** Statements of every inline policy of the execution role. */
  statements: PolicyStatement[];
  /** Managed policies attached to the role (their actions cannot be compared with the code). */
  managedPolicies: string[];
  /** Whether an SQS event source mapping invokes the function (the service polls with its role). */
  sqsEventSource: boolean;
};

const list = (value: unknown): string[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

/** The statements of an IAM policy document (JSON text). */
function policyStatements(policy: string): PolicyStatement[] {
  const document = JSON.parse(policy) as { Statement?: unknown };
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  return statements
    .filter(
      (statement): statement is Record<string, unknown> =>
        typeof statement === 'object' && statement !== null,
    )
    .map((statement) => ({
      sid: typeof statement.Sid === 'string' ? statement.Sid : undefined,
      effect: String(statement.Effect),
      actions: list(statement.Action),
      resources: list(statement.Resource),
    }));
}

/**
 * Every Lambda function of an applied state with its settings, environment, the
 * statements of its role's inline policies and whether an SQS event source invokes it.
 * The zip path is resolved as the stage sees it (`../apps/...` from infra/).
 *
 * @example
 * deployedFunctions(stateResources(state)).map((fn) => fn.name); // ['energy-dev-api', …]
 */
export function deployedFunctions(resources: readonly StateResource[]): DeployedFunction[] {
  const managed = resources.filter((resource) => resource.mode === 'managed');
  const ofType = (type: string) => managed.filter((resource) => resource.type === type);
  return ofType('aws_lambda_function').map(({ address, values }) => {
    const roleArn = String(values.role);
    const role = ofType('aws_iam_role').find((candidate) => candidate.values.arn === roleArn);
    const roleName = String(role?.values.name ?? roleArn.split('/').pop());
    const statements = ofType('aws_iam_role_policy')
      .filter((policy) => policy.values.role === roleName)
      .flatMap((policy) => policyStatements(String(policy.values.policy)));
    const managedPolicies = ofType('aws_iam_role_policy_attachment')
      .filter((attachment) => attachment.values.role === roleName)
      .map((attachment) => String(attachment.values.policy_arn));
    const sqsEventSource = ofType('aws_lambda_event_source_mapping').some(
      (mapping) =>
        (mapping.values.function_arn === values.arn || mapping.values.function_name === values.arn) &&
        /^arn:[^:]+:sqs:/.test(String(mapping.values.event_source_arn)),
    );
    const variables = firstBlock(values.environment).variables as Record<string, string> | undefined;
    return {
      address,
      name: String(values.function_name),
      filename: resolve(INFRA_DIR, String(values.filename)),
      handler: String(values.handler),
      runtime: String(values.runtime),
      timeout: Number(values.timeout),
      memorySize: Number(values.memory_size),
      environment: { ...(variables ?? {}) },
      tracingMode: firstBlock(values.tracing_config).mode as string | undefined,
      statements,
      managedPolicies,
      sqsEventSource,
    };
  });
}
