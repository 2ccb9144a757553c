import { collectReferences, type FoundReference } from './collectReferences.js';
import { calledModuleDir } from './loadConfiguration.js';
import { blockLine, resourceLine } from './locate.js';
import { repoRelative } from './paths.js';
import type { ProviderSchema } from './providerSchema.js';
import type { Finding, TerraformConfiguration, TerraformModule } from './types.js';

const PATH_ATTRIBUTES = new Set(['module', 'root', 'cwd']);

/** Dotted traversal → segments, keeping quoted keys (which may contain dots) whole. */
function segments(reference: string): string[] {
  return reference.match(/"(?:[^"\\]|\\.)*"|[^.]+/g) ?? [];
}

function isIndex(segment: string | undefined): boolean {
  return segment !== undefined && (/^\d+$/.test(segment) || segment.startsWith('"'));
}

/** Why a reference does not resolve, or undefined when it does. */
function problem(
  found: FoundReference,
  module: TerraformModule,
  config: TerraformConfiguration,
  schema: ProviderSchema,
): string | undefined {
  const [root = '', first, second, third, fourth] = segments(found.reference);
  const { scope } = found;
  if (scope.iterators.includes(root)) return undefined;
  switch (root) {
    case 'var':
      return first !== undefined && module.variables.has(first)
        ? undefined
        : `variable "${first}" is not declared`;
    case 'local':
      return first !== undefined && module.locals.has(first) ? undefined : `local "${first}" is not defined`;
    case 'module': {
      const call = first === undefined ? undefined : module.modules.get(first);
      if (call === undefined) return `module "${first}" is not called here`;
      const output = isIndex(second) ? third : second;
      if (output === undefined) return undefined;
      const called = config.modules.get(calledModuleDir(module, call));
      if (called === undefined || called.outputs.has(output)) return undefined;
      return `module "${first}" (${call.source}) has no output "${output}"`;
    }
    case 'data':
      return resourceProblem(module, schema, 'data', first, second, isIndex(third) ? fourth : third);
    case 'each':
      return scope.each && (first === 'key' || first === 'value')
        ? undefined
        : `each.${first} is only available in a block with for_each`;
    case 'count':
      return scope.count && first === 'index'
        ? undefined
        : `count.${first} is only available in a block with count`;
    case 'path':
      return first !== undefined && PATH_ATTRIBUTES.has(first) ? undefined : `path.${first} does not exist`;
    case 'terraform':
      return first === 'workspace' ? undefined : `terraform.${first} does not exist`;
    case 'self':
      return scope.self
        ? undefined
        : 'self is only available in provisioners, connections and postconditions';
    default:
      return resourceProblem(module, schema, 'managed', root, first, isIndex(second) ? third : second);
  }
}

function resourceProblem(
  module: TerraformModule,
  schema: ProviderSchema,
  mode: 'managed' | 'data',
  type: string | undefined,
  name: string | undefined,
  attribute: string | undefined,
): string | undefined {
  const label = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
  const block = module.resources.find((r) => r.mode === mode && r.type === type && r.name === name);
  if (block === undefined) return `${label} is not declared in this module`;
  const typeSchema = (mode === 'data' ? schema.dataSources : schema.resources)[block.type];
  if (attribute === undefined || typeSchema === undefined || typeSchema.attributes.includes(attribute))
    return undefined;
  return `${label} has no attribute "${attribute}" (AWS provider ${schema.providerVersion})`;
}

function addressLine(module: TerraformModule, found: FoundReference): number | undefined {
  const source = module.sources.get(found.file) ?? '';
  const [kind = '', ...labels] = found.address.split('.');
  if (kind === 'var') return blockLine(source, 'variable', labels);
  if (kind === 'output') return blockLine(source, 'output', labels);
  if (kind === 'module') return blockLine(source, 'module', labels);
  if (kind === 'local') return undefined;
  const block = module.resources.find((r) =>
    kind === 'data'
      ? r.mode === 'data' && `data.${r.type}.${r.name}` === found.address
      : `${r.type}.${r.name}` === found.address,
  );
  return block === undefined ? undefined : resourceLine(source, block);
}

/**
 * Checks that every reference in every module resolves: `var.x` declared, `local.x`
 * defined, `module.m.out` an output of the called module, `aws_x.y.attr` and
 * `data.aws_x.y.attr` declared here with that attribute in the provider schema,
 * `each`/`count`/`self` only where Terraform provides them, dynamic-block iterators in scope.
 *
 * @example
 * await checkReferences(await loadConfiguration(INFRA_DIR), await loadProviderSchema()); // [] when all resolve
 */
export async function checkReferences(
  config: TerraformConfiguration,
  schema: ProviderSchema,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const module of config.modules.values()) {
    for (const found of await collectReferences(module)) {
      const message = problem(found, module, config, schema);
      if (message === undefined) continue;
      const line = addressLine(module, found);
      findings.push({
        check: 'references',
        file: repoRelative(found.file),
        ...(line === undefined ? {} : { line }),
        address: found.address,
        message: `dangling reference ${found.reference}: ${message}`,
      });
    }
  }
  return findings;
}
