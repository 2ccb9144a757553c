import type { AppBuild } from './appBuilds.js';
import { appEnvironmentVariables } from './appEnvironment.js';
import type { DeployedFunction } from './deployedFunctions.js';
import { IAM_ACTIONS_BY_COMMAND, LAMBDA_RUNTIME_ACTIONS } from './iamActionsForCommands.js';
import { repoRelative } from './paths.js';
import { sdkCommands } from './sdkCommands.js';
import type { Finding } from './types.js';

/** Handler setting of every bundle: packages/bundler writes index.mjs exporting `handler`. */
const BUNDLE_HANDLER = 'index.handler';
/** Runtime the bundler targets (esbuild `target: 'node22'`). */
const BUNDLE_RUNTIME = 'nodejs22.x';

function difference(a: Iterable<string>, b: ReadonlySet<string>): string[] {
  return [...new Set(a)].filter((item) => !b.has(item)).sort();
}

/** The IAM actions a function needs (required) and may have (supporting), from its code and wiring. */
export async function expectedActions(
  fn: Pick<DeployedFunction, 'tracingMode' | 'sqsEventSource'>,
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
  }
  return { required, supporting, unmapped: [...new Set(unmapped)] };
}

/**
 * Contracts between each deployed Lambda (as Terraform applied it) and the app it runs:
 * - the zip is the build output apps/<app>/dist/<name>.zip, `handler` and `runtime` match the bundler;
 * - the environment sets exactly the variables the handler reads (its `*_ENVIRONMENT_VARIABLES`),
 *   those with a default in the code (`*_OPTIONAL_VARIABLES`) optionally;
 * - the role's allowed actions cover the SDK commands the handler's code sends, plus what
 *   the Lambda service needs (logs; traces when tracing is Active; polling an SQS event
 *   source), and nothing more except documented supporting actions;
 * - every app is deployed exactly once.
 *
 * @example
 * await checkFunctionContracts(deployedFunctions(stateResources(state)), await appBuilds()); // []
 */
export async function checkFunctionContracts(
  functions: readonly DeployedFunction[],
  builds: readonly AppBuild[],
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const deployed = new Map<string, number>();
  for (const fn of functions) {
    const report = (message: string) =>
      findings.push({ check: 'function-contracts', address: fn.address, message });
    const build = builds.find((candidate) => candidate.zipPath === fn.filename);
    if (build === undefined) {
      report(
        `filename ${repoRelative(fn.filename)} is not the build output of an app (apps/<app>/dist/<name>.zip): ${builds.map((b) => repoRelative(b.zipPath)).join(', ')}`,
      );
      continue;
    }
    deployed.set(build.app, (deployed.get(build.app) ?? 0) + 1);
    if (fn.handler !== BUNDLE_HANDLER)
      report(`handler is ${JSON.stringify(fn.handler)}, the bundle exports ${BUNDLE_HANDLER}`);
    if (fn.runtime !== BUNDLE_RUNTIME)
      report(`runtime is ${JSON.stringify(fn.runtime)}, the bundle targets ${BUNDLE_RUNTIME}`);

    const environment = await appEnvironmentVariables(build);
    if (environment === undefined) {
      report(`apps/${build.app}/src/environment.ts exports no *_ENVIRONMENT_VARIABLES list to compare with`);
    } else {
      const set = new Set(Object.keys(fn.environment));
      // A variable with a default in the code may be left unset: the code is then its one source.
      const missing = difference(environment.reads, new Set([...set, ...environment.optional]));
      const extra = difference(set, new Set(environment.reads));
      if (missing.length > 0)
        report(`environment lacks ${missing.join(', ')}, which apps/${build.app} reads`);
      if (extra.length > 0)
        report(`environment sets ${extra.join(', ')}, which apps/${build.app} never reads`);
    }

    for (const policy of fn.managedPolicies)
      report(`role has the managed policy ${policy}; grant the code's actions inline so they can be checked`);
    const { required, supporting, unmapped } = await expectedActions(fn, build);
    for (const command of unmapped) report(`no IAM mapping for ${command}; add it to IAM_ACTIONS_BY_COMMAND`);
    const granted = new Set(
      fn.statements
        .filter((statement) => statement.effect === 'Allow')
        .flatMap((statement) => statement.actions),
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
        address: `apps/${build.app}`,
        message: `apps/${build.app} is deployed by ${count} aws_lambda_function resources, expected exactly 1`,
      });
    }
  }
  return findings;
}
