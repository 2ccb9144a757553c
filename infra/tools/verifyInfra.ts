/**
 * Runs every static check of infra/ (no terraform binary, no AWS) and prints the
 * findings grouped by check; exits 1 when there are any. checkov and actionlint run in
 * the test suite (`pnpm --filter @energy/infra test`), not here.
 *
 *   pnpm --filter @energy/infra verify
 *   pnpm --filter @energy/infra verify -- --infra /path/to/infra --repo /path/to/repo
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { appBuilds } from './appBuilds.js';
import { checkCheckovSkips } from './checkCheckovSkips.js';
import { checkConditions } from './checkConditions.js';
import { checkFormat } from './checkFormat.js';
import { checkFunctionContracts } from './checkFunctionContracts.js';
import { checkIamActions, checkWildcardResources } from './checkIamPolicies.js';
import { checkModuleCalls } from './checkModuleCalls.js';
import { checkNotificationDependsOn } from './checkNotificationDependsOn.js';
import { checkProviderSchema } from './checkProviderSchema.js';
import { checkProviderVersion } from './checkProviderVersion.js';
import { checkReferences } from './checkReferences.js';
import { checkRootVariables } from './checkRootVariables.js';
import { checkStackSettings } from './checkStackSettings.js';
import { checkVisibilityTimeout } from './checkVisibilityTimeout.js';
import { configurationRoots } from './configurationRoots.js';
import { deployedFunctions } from './deployedFunctions.js';
import { listTerraformFiles } from './listTerraformFiles.js';
import { loadConfiguration } from './loadConfiguration.js';
import { loadTfvarsExamples } from './loadTfvars.js';
import { moduleInstances } from './moduleInstances.js';
import { INFRA_DIR, REPO_ROOT } from './paths.js';
import { loadProviderSchema } from './providerSchema.js';
import type { Finding, TerraformModule } from './types.js';

const { values } = parseArgs({ options: { infra: { type: 'string' }, repo: { type: 'string' } } });
const infraDir = resolve(values.infra ?? INFRA_DIR);
const repoRoot = resolve(values.repo ?? (values.infra === undefined ? REPO_ROOT : join(infraDir, '..')));

const schema = await loadProviderSchema();
const configurations = await Promise.all(
  (await configurationRoots(infraDir)).map((dir) => loadConfiguration(dir)),
);
const [stack] = configurations;
if (stack === undefined) throw new Error(`${infraDir} has no root configuration`);
const modules = new Map<string, TerraformModule>();
for (const configuration of configurations)
  for (const [dir, module] of configuration.modules) modules.set(dir, module);
const root = moduleInstances(stack);
const functions = await deployedFunctions(root);
const builds = await appBuilds(repoRoot);

const results: Record<string, Finding[]> = {
  format: await checkFormat(await listTerraformFiles(infraDir)),
  references: (await Promise.all(configurations.map((config) => checkReferences(config, schema)))).flat(),
  'module-calls': configurations.flatMap((config) => checkModuleCalls(config)),
  'root-variables': (
    await Promise.all(
      configurations.map(async (config) =>
        checkRootVariables(config.root, await loadTfvarsExamples(config.root.dir)),
      ),
    )
  ).flat(),
  'provider-schema': configurations.flatMap((config) => checkProviderSchema(config, schema)),
  'provider-version': configurations.flatMap((config) => checkProviderVersion(config, schema)),
  'iam-actions': (
    await Promise.all(configurations.map((config) => checkIamActions(moduleInstances(config))))
  ).flat(),
  'iam-resources': checkWildcardResources(modules.values()),
  'checkov-skips': checkCheckovSkips(modules.values()),
  'notification-depends-on': await checkNotificationDependsOn(root),
  'visibility-timeout': await checkVisibilityTimeout(root),
  conditions: (await checkConditions(root)).findings,
  'function-contracts': await checkFunctionContracts(functions, builds),
  'stack-settings': await checkStackSettings(root, functions, builds),
};

let total = 0;
for (const [check, findings] of Object.entries(results)) {
  total += findings.length;
  console.log(`${findings.length === 0 ? 'ok  ' : 'FAIL'} ${check}: ${findings.length}`);
  for (const finding of findings) {
    console.log(
      `     ${finding.file}${finding.line === undefined ? '' : `:${finding.line}`} ${finding.address}: ${finding.message}`,
    );
  }
}
console.log(`${total} finding(s) in ${modules.size} modules, ${functions.length} functions`);
process.exitCode = total === 0 ? 0 : 1;
