import { documentStatements, type PolicyStatement, policyStatements } from './iamPolicies.js';
import { resourceAddress } from './loadModule.js';
import { resourceLine } from './locate.js';
import { allInstances, type ModuleInstance } from './moduleInstances.js';
import { repoRelative } from './paths.js';
import { ResourceReference, StaticEvaluator } from './staticEvaluator.js';
import type { Finding, TerraformModule } from './types.js';

/** Arguments that hold a JSON policy on the resources that take one. */
const POLICY_ARGUMENTS = ['policy', 'assume_role_policy'] as const;

// `resources = ["*"]`, `resources = [x, "*"]`, `Resource = "*"`, `not_resources = ["*"]`
const WILDCARD_RESOURCE = /\b(resources|not_resources|Resource|NotResource)\s*=\s*(\[[^\]]*)?"\*"/;
const RESOURCES_LIST_OPEN = /\b(resources|not_resources|Resource|NotResource)\s*=\s*\[/;
const COMMENT = /(^|\s)(#|\/\/)/;
/** How many lines above a wildcard resource a justifying comment may sit. */
const COMMENT_REACH = 3;

/**
 * Every IAM statement written in the configuration, per module instance: policy
 * documents (dynamic statements expanded with the values each call passes) and
 * `jsonencode` or literal JSON policies on resources.
 */
export async function allPolicyStatements(root: ModuleInstance): Promise<PolicyStatement[]> {
  const evaluator = new StaticEvaluator({ substituteArguments: false });
  const statements: PolicyStatement[] = [];
  for (const instance of allInstances(root)) {
    for (const block of instance.module.resources) {
      if (block.mode === 'data' && block.type === 'aws_iam_policy_document') {
        statements.push(...(await documentStatements(evaluator, instance, block)));
        continue;
      }
      const source = `${instance.path === '' ? '' : `${instance.path}.`}${resourceAddress(block)}`;
      for (const argument of POLICY_ARGUMENTS) {
        if (!(argument in block.body)) continue;
        const policy = await evaluator.evaluate(instance, block.body[argument]);
        // Policy documents are collected once above, not again through each resource that uses them.
        if (policy instanceof ResourceReference) continue;
        statements.push(...((await policyStatements(evaluator, policy, source, block.file)) ?? []));
      }
    }
  }
  return statements;
}

/**
 * Checks the IAM statements: no wildcard (or unknown) action in an `Allow` statement,
 * no `NotAction` (it allows everything else). `Deny` statements may use wildcards —
 * a TLS-only bucket policy denies `s3:*` — because a broader deny only narrows access.
 *
 * @example
 * await checkIamActions(moduleInstances(config)); // [] when every allowed action is named
 */
export async function checkIamActions(root: ModuleInstance): Promise<Finding[]> {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const statement of await allPolicyStatements(root)) {
    if (statement.effect !== 'Allow') continue;
    const problems = [
      ...statement.actions.flatMap((action) => {
        if (typeof action === 'string' && (action.includes('*') || action.includes('?'))) {
          return [`allows the wildcard action "${action}"`];
        }
        return typeof action === 'string' ? [] : ['allows an action that is not statically known'];
      }),
      ...(statement.notActions.length > 0 ? ['uses NotAction, which allows every other action'] : []),
    ];
    for (const problem of problems) {
      const key = `${statement.file}|${problem}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({
        check: 'iam-actions',
        file: repoRelative(statement.file),
        address: statement.source,
        message: `${statement.source} ${problem}; name each action the code sends`,
      });
    }
  }
  return findings;
}

/**
 * Checks that every `"*"` resource in an IAM statement carries a comment saying why
 * AWS requires it (on the same line or within the three lines above).
 *
 * @example
 * checkWildcardResources(config.modules.values()); // [] when each "*" resource is justified
 */
export function checkWildcardResources(modules: Iterable<TerraformModule>): Finding[] {
  const findings: Finding[] = [];
  for (const module of modules) {
    for (const [file, source] of module.sources) {
      const lines = source.split('\n');
      // Line where the resources list being read opened, for lists spread over several lines.
      let openList: number | undefined;
      lines.forEach((line, index) => {
        const opens = RESOURCES_LIST_OPEN.test(line) && !line.includes(']');
        const wildcard = WILDCARD_RESOURCE.test(line) || (openList !== undefined && /"\*"/.test(line));
        const statementLine = openList ?? index;
        if (opens) openList = index;
        else if (openList !== undefined && line.includes(']')) openList = undefined;
        if (!wildcard) return;
        const above = lines.slice(Math.max(0, statementLine - COMMENT_REACH), index);
        const justified =
          COMMENT.test(line.replace(/"[^"]*"/g, '""')) || above.some((text) => /^\s*(#|\/\/)/.test(text));
        if (justified) return;
        // The enclosing block: the last one whose header is above the line.
        const block = module.resources
          .filter(
            (r) => r.file === file && (resourceLine(source, r) ?? Number.POSITIVE_INFINITY) <= index + 1,
          )
          .sort((a, b) => (resourceLine(source, b) ?? 0) - (resourceLine(source, a) ?? 0))[0];
        findings.push({
          check: 'iam-resources',
          file: repoRelative(file),
          line: index + 1,
          address: block === undefined ? repoRelative(file) : resourceAddress(block),
          message: `"*" resource without a comment saying why AWS requires it: ${line.trim()}`,
        });
      });
    }
  }
  return findings;
}
