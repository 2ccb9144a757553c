import { join } from 'node:path';
import { type AppBuild, appBuilds } from '../../tools/appBuilds.js';
import { configurationRoots } from '../../tools/configurationRoots.js';
import { type DeployedFunction, deployedFunctions } from '../../tools/deployedFunctions.js';
import { loadConfiguration } from '../../tools/loadConfiguration.js';
import { type ModuleInstance, moduleInstances } from '../../tools/moduleInstances.js';
import { FIXTURES_DIR } from '../../tools/paths.js';
import { loadProviderSchema, type ProviderSchema } from '../../tools/providerSchema.js';
import type { TerraformConfiguration, TerraformModule } from '../../tools/types.js';

/** The real infra/ tree, loaded once per test file. */
export type Infra = {
  /** The stack's root configuration (infra/). */
  stack: TerraformConfiguration;
  /** Every root configuration: the stack and infra/examples/*. */
  configurations: TerraformConfiguration[];
  /** Every module of every configuration, once each. */
  modules: TerraformModule[];
  /** The stack's module instances. */
  root: ModuleInstance;
  /** The committed provider schema. */
  schema: ProviderSchema;
  /** The stack's Lambda functions. */
  functions: DeployedFunction[];
  /** The apps and their build outputs. */
  builds: AppBuild[];
};

let cached: Promise<Infra> | undefined;

async function load(): Promise<Infra> {
  const configurations = await Promise.all((await configurationRoots()).map((dir) => loadConfiguration(dir)));
  const [stack] = configurations;
  if (stack === undefined) throw new Error('infra/ has no root configuration');
  const modules = new Map<string, TerraformModule>();
  for (const configuration of configurations)
    for (const [dir, module] of configuration.modules) modules.set(dir, module);
  const root = moduleInstances(stack);
  return {
    stack,
    configurations,
    modules: [...modules.values()],
    root,
    schema: await loadProviderSchema(),
    functions: await deployedFunctions(root),
    builds: await appBuilds(),
  };
}

/**
 * The real infra/ tree with everything the checks need.
 *
 * @example
 * const { stack, schema } = await loadInfra();
 */
export function loadInfra(): Promise<Infra> {
  cached ??= load();
  return cached;
}

/** A negative fixture under infra/tests/fixtures/, loaded as a root configuration. */
export type Fixture = {
  /** Its configuration. */
  config: TerraformConfiguration;
  /** Its module instances. */
  root: ModuleInstance;
};

/**
 * Loads one negative fixture by directory name.
 *
 * @example
 * const { config } = await loadFixture('unknown-argument');
 */
export async function loadFixture(name: string): Promise<Fixture> {
  const config = await loadConfiguration(join(FIXTURES_DIR, name));
  return { config, root: moduleInstances(config) };
}
