import type { BlockSchema, ProviderSchema } from './providerSchema.js';
import type { Finding } from './types.js';

/** One resource of the `configuration` section of `terraform show -json <plan>`. */
export type ConfiguredResource = {
  /** Address inside its module, such as `aws_sqs_queue.this`. */
  address: string;
  /** `managed` or `data`. */
  mode: 'managed' | 'data';
  /** Resource type. */
  type: string;
  /** Arguments (objects) and nested blocks (arrays of objects), by name. */
  expressions?: Record<string, unknown>;
  /** Explicit dependencies. */
  depends_on?: string[];
};

type ConfiguredModule = {
  resources?: ConfiguredResource[];
  module_calls?: Record<string, { module?: ConfiguredModule }>;
};

/** The `configuration` section of a plan's JSON. */
export type PlanConfiguration = { root_module?: ConfiguredModule };

/**
 * Every configured resource with the address of its module (`module.queue.`…), as terraform
 * itself parsed the `.tf` files (dynamic blocks are not expanded in this section).
 */
export function configuredResources(
  configuration: PlanConfiguration,
): (ConfiguredResource & { module: string })[] {
  const all: (ConfiguredResource & { module: string })[] = [];
  const walk = (module: ConfiguredModule | undefined, path: string) => {
    if (module === undefined) return;
    for (const resource of module.resources ?? []) all.push({ ...resource, module: path });
    for (const [name, call] of Object.entries(module.module_calls ?? {}))
      walk(call.module, `${path}module.${name}.`);
  };
  walk(configuration.root_module, '');
  return all;
}

function checkBlock(
  expressions: Record<string, unknown>,
  schema: BlockSchema,
  where: string,
  report: (message: string) => void,
): void {
  for (const [name, value] of Object.entries(expressions)) {
    const nested = schema.blocks[name];
    if (nested !== undefined) {
      for (const block of Array.isArray(value) ? value : [value]) {
        if (typeof block === 'object' && block !== null)
          checkBlock(block as Record<string, unknown>, nested.block, `${where}.${name}`, report);
      }
    } else if (schema.arguments[name] === undefined) {
      report(`${where}: ${name} is neither an argument nor a block in the 6.x schema`);
    }
  }
  for (const [name, argument] of Object.entries(schema.arguments)) {
    if (argument.required && !(name in expressions)) report(`${where}: the 6.x schema requires ${name}`);
  }
}

/**
 * Checks every argument and block the configuration sets against the committed 6.x
 * provider schema, so that the `< 7.0` half of the supported range stays honest while only
 * a 5.x provider can be installed here (terraform validate checks the 5.x half).
 *
 * @example
 * checkProviderSchema(planJson.configuration, await loadProviderSchema()); // []
 */
export function checkProviderSchema(configuration: PlanConfiguration, schema: ProviderSchema): Finding[] {
  const findings: Finding[] = [];
  for (const resource of configuredResources(configuration)) {
    // terraform_data and other built-in resources belong to terraform itself, not the AWS provider.
    if (!resource.type.startsWith('aws_')) continue;
    const address = `${resource.module}${resource.address}`;
    const types = resource.mode === 'data' ? schema.dataSources : schema.resources;
    const typeSchema = types[resource.type];
    const report = (message: string) => findings.push({ check: 'provider-schema-6x', address, message });
    if (typeSchema === undefined) {
      report(`${resource.type} is not in the 6.x schema extract (infra/schema/aws-provider.json)`);
      continue;
    }
    checkBlock(resource.expressions ?? {}, typeSchema, address, report);
  }
  return findings;
}
