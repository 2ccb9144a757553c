import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AppBuild } from './appBuilds.js';
import { appEnvironmentVariables } from './appEnvironment.js';
import type { DeployedFunction } from './deployedFunctions.js';
import { IAM_ACTIONS_BY_COMMAND, LAMBDA_RUNTIME_ACTIONS } from './iamActionsForCommands.js';
import { blockLine, resourceLine } from './locate.js';
import { repoRelative } from './paths.js';
import { sdkCommands } from './sdkCommands.js';
import { UnknownValue } from './staticEvaluator.js';
import type { Finding } from './types.js';

/** Handler setting of every bundle: packages/bundler writes index.mjs exporting `handler`. */
export const BUNDLE_HANDLER = 'index.handler';
/** Runtime the bundler targets (esbuild `target: 'node22'`). */
export const BUNDLE_RUNTIME = 'nodejs22.x';

/** Where to point a finding about a function: its module call when it has one, else its block. */
function location(fn: DeployedFunction): Pick<Finding, 'file' | 'line'> {
  const call = fn.instance.call;
  const parent = fn.instance.parent;
  if (call !== undefined && parent !== undefined) {
    const line = blockLine(parent.module.sources.get(call.file) ?? '', 'module', [call.name]);
    return { file: repoRelative(call.file), ...(line === undefined ? {} : { line }) };
  }
  const line = resourceLine(fn.instance.module.sources.get(fn.block.file) ?? '', fn.block);
  return { file: repoRelative(fn.block.file), ...(line === undefined ? {} : { line }) };
}

function difference(a: Iterable<string>, b: ReadonlySet<string>): string[] {
  return [...new Set(a)].filter((item) => !b.has(item)).sort();
}

/**
 * The actions of the transaction item kinds a file builds: `{ Put: … }` needs
 * `dynamodb:PutItem`, `{ ConditionCheck: … }` needs `dynamodb:ConditionCheckItem`.
 */
async function transactionActions(file: string, kinds: Readonly<Record<string, string>>): Promise<string[]> {
  const source = await readFile(file, 'utf8');
  return Object.entries(kinds)
    .filter(([kind]) => new RegExp(`[{,]\\s*${kind}\\s*:`).test(source))
    .map(([, action]) => action);
}

/** The IAM actions a function needs (required) and may have (supporting), from its code and wiring. */
export async function expectedActions(
  fn: DeployedFunction,
  build: AppBuild,
): Promise<{ required: Set<string>; supporting: Set<string>; unmapped: string[] }> {
  const required = new Set<string>(LAMBDA_RUNTIME_ACTIONS.logs);
  if (fn.tracingMode === 'Active') for (const action of LAMBDA_RUNTIME_ACTIONS.tracing) required.add(action);
  if (fn.sqsEventSource) for (const action of LAMBDA_RUNTIME_ACTIONS.sqsEventSource) required.add(action);
  const supporting = new Set<string>();
  const unmapped: string[] = [];
  for (const use of await sdkCommands(build.entry)) {
    const permissions = IAM_ACTIONS_BY_COMMAND[`${use.sdkPackage}#${use.command}`];
    if (permissions === undefined) {
      unmapped.push(`${use.sdkPackage} ${use.command} (${repoRelative(use.file)})`);
      continue;
    }
    for (const action of permissions.actions) required.add(action);
    for (const action of Object.keys(permissions.supporting ?? {})) supporting.add(action);
    if (permissions.transactItems !== undefined) {
      const actions = await transactionActions(use.file, permissions.transactItems);
      if (actions.length === 0) {
        unmapped.push(
          `${use.sdkPackage} ${use.command} (${repoRelative(use.file)} writes no recognisable item kind)`,
        );
      }
      for (const action of actions) required.add(action);
    }
  }
  return { required, supporting, unmapped: [...new Set(unmapped)] };
}

/**
 * Contracts between each deployed Lambda and the app it runs:
 * - `filename` is the build output apps/<app>/dist/<name>.zip, `handler` and `runtime` match the bundler;
 * - the environment sets exactly the variables the handler reads (its `*_ENVIRONMENT_VARIABLES`);
 * - the role's allowed actions cover the SDK commands the handler's code sends, plus what
 *   the Lambda service needs (logs; traces when tracing is Active; polling an SQS event
 *   source), and nothing more except documented supporting actions;
 * - every app is deployed exactly once.
 *
 * @example
 * await checkFunctionContracts(await deployedFunctions(root), await appBuilds()); // [] when code and Terraform agree
 */
export async function checkFunctionContracts(
  functions: readonly DeployedFunction[],
  builds: readonly AppBuild[],
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const deployed = new Map<string, number>();
  for (const fn of functions) {
    const report = (message: string) =>
      findings.push({ check: 'function-contracts', ...location(fn), address: fn.address, message });
    const filename = typeof fn.filename === 'string' ? resolve(fn.filename) : undefined;
    const build = builds.find((candidate) => candidate.zipPath === filename);
    if (build === undefined) {
      report(
        `filename ${typeof fn.filename === 'string' ? repoRelative(resolve(fn.filename)) : 'is not statically known'} is not the build output of an app (apps/<app>/dist/<name>.zip): ${builds.map((b) => repoRelative(b.zipPath)).join(', ')}`,
      );
      continue;
    }
    deployed.set(build.app, (deployed.get(build.app) ?? 0) + 1);
    if (fn.handler !== BUNDLE_HANDLER)
      report(`handler is ${JSON.stringify(fn.handler)}, the bundle exports ${BUNDLE_HANDLER}`);
    if (fn.runtime !== BUNDLE_RUNTIME)
      report(`runtime is ${JSON.stringify(fn.runtime)}, the bundle targets ${BUNDLE_RUNTIME}`);

    const reads = await appEnvironmentVariables(build);
    if (reads === undefined) {
      report(`apps/${build.app}/src/environment.ts exports no *_ENVIRONMENT_VARIABLES list to compare with`);
    } else if (fn.environment instanceof UnknownValue) {
      report(`environment is not statically known: ${fn.environment.reason}`);
    } else {
      const set = new Set(Object.keys(fn.environment));
      const missing = difference(reads, set);
      const extra = difference(set, new Set(reads));
      if (missing.length > 0)
        report(`environment lacks ${missing.join(', ')}, which apps/${build.app} reads`);
      if (extra.length > 0)
        report(`environment sets ${extra.join(', ')}, which apps/${build.app} never reads`);
    }

    for (const problem of fn.policyProblems) report(problem);
    if (fn.role === undefined) {
      report('role is not an aws_iam_role of this configuration, so its permissions cannot be checked');
      continue;
    }
    const { required, supporting, unmapped } = await expectedActions(fn, build);
    for (const command of unmapped) report(`no IAM mapping for ${command}; add it to IAM_ACTIONS_BY_COMMAND`);
    const granted = new Set(
      fn.statements
        .filter((statement) => statement.effect === 'Allow')
        .flatMap((statement) => statement.actions)
        .filter((action): action is string => typeof action === 'string'),
    );
    const missing = difference(required, granted);
    const extra = difference(granted, new Set([...required, ...supporting]));
    if (missing.length > 0)
      report(`role lacks ${missing.join(', ')}, needed by apps/${build.app} or the Lambda service`);
    if (extra.length > 0)
      report(`role allows ${extra.join(', ')}, which no SDK command of apps/${build.app} needs`);
  }
  for (const build of builds) {
    const count = deployed.get(build.app) ?? 0;
    if (count !== 1) {
      findings.push({
        check: 'function-contracts',
        file: repoRelative(build.zipPath),
        address: `apps/${build.app}`,
        message: `apps/${build.app} is deployed by ${count} aws_lambda_function blocks, expected exactly 1`,
      });
    }
  }
  return findings;
}
