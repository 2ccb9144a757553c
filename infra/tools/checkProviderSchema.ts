import { closestName } from './closestName.js';
import { resourceAddress } from './loadModule.js';
import { argumentLine, resourceLine } from './locate.js';
import { repoRelative } from './paths.js';
import type { BlockSchema, ProviderSchema } from './providerSchema.js';
import { sortFindings } from './sortFindings.js';
import type { Finding, HclBody, HclValue, ResourceBlock, TerraformConfiguration } from './types.js';

/** Arguments Terraform itself defines on every resource and data block, not the provider. */
export const META_ARGUMENTS = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle']);

/** Meta-blocks of managed resources only. */
const MANAGED_META_BLOCKS = new Set(['provisioner', 'connection']);

/** What a `lifecycle` block may hold. */
const LIFECYCLE_ARGUMENTS = new Set([
  'create_before_destroy',
  'prevent_destroy',
  'ignore_changes',
  'replace_triggered_by',
  'precondition',
  'postcondition',
]);

/** Resource types Terraform provides without a provider. */
const BUILTIN_TYPES = new Set(['terraform_data']);

function isBlockList(value: HclValue | undefined): value is HclBody[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))
  );
}

type Report = (path: string, message: string, argument?: string) => void;

/**
 * Checks one block body against its schema: unknown arguments and blocks, missing
 * required ones, argument/block syntax mix-ups, several blocks where one is allowed.
 * `dynamic "x"` blocks are checked like `x` blocks (their `content`).
 */
function checkBody(
  body: HclBody,
  schema: BlockSchema,
  path: string,
  report: Report,
  topLevel: boolean,
): void {
  const present = new Set<string>();
  for (const [name, value] of Object.entries(body)) {
    if (topLevel && META_ARGUMENTS.has(name)) {
      if (name === 'lifecycle' && isBlockList(value)) {
        for (const key of Object.keys(value[0] ?? {})) {
          if (!LIFECYCLE_ARGUMENTS.has(key)) report(path, `unknown lifecycle argument "${key}"`, key);
        }
      }
      continue;
    }
    if (name === 'dynamic' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [blockName, dynamics] of Object.entries(value)) {
        const nested = schema.blocks[blockName];
        if (nested === undefined) {
          report(path, `unknown block "${blockName}" (dynamic)${hint(blockName, schema)}`, blockName);
          continue;
        }
        present.add(blockName);
        for (const dynamic of isBlockList(dynamics) ? dynamics : []) {
          const content = dynamic.content;
          if (!isBlockList(content)) {
            report(path, `dynamic "${blockName}" has no content block`, blockName);
            continue;
          }
          checkBody(content[0] as HclBody, nested.block, `${path}.${blockName}`, report, false);
        }
      }
      continue;
    }
    const argument = schema.arguments[name];
    const nested = schema.blocks[name];
    if (argument !== undefined) {
      present.add(name);
      if (isBlockList(value) && ['map', 'string', 'number', 'bool'].includes(argument.type)) {
        report(path, `"${name}" is an argument: write \`${name} = ...\`, not a block`, name);
      }
    } else if (nested !== undefined) {
      present.add(name);
      if (!isBlockList(value)) {
        report(path, `"${name}" is a block: write \`${name} { ... }\`, not \`${name} = ...\``, name);
        continue;
      }
      if (nested.nesting === 'single' && value.length > 1) {
        report(path, `at most one "${name}" block is allowed, found ${value.length}`, name);
      }
      for (const item of value) checkBody(item, nested.block, `${path}.${name}`, report, false);
    } else if (!(topLevel && MANAGED_META_BLOCKS.has(name))) {
      report(path, `unknown argument "${name}"${hint(name, schema)}`, name);
    }
  }
  for (const [name, argument] of Object.entries(schema.arguments)) {
    if (argument.required && !present.has(name)) report(path, `required argument "${name}" is missing`);
  }
  for (const [name, nested] of Object.entries(schema.blocks)) {
    if (nested.required && !present.has(name)) report(path, `required block "${name}" is missing`);
  }
}

function hint(name: string, schema: BlockSchema): string {
  const suggestion = closestName(name, [...Object.keys(schema.arguments), ...Object.keys(schema.blocks)]);
  return suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
}

/**
 * Checks every resource and data block of every module against the committed AWS
 * provider schema: unknown arguments and blocks are rejected, required ones must be
 * present, blocks and arguments must use their own syntax. Meta-arguments
 * (`count`, `for_each`, `depends_on`, `provider`, `lifecycle`) and `dynamic` blocks are understood.
 *
 * @example
 * checkProviderSchema(await loadConfiguration(INFRA_DIR), await loadProviderSchema()); // [] when all blocks conform
 */
export function checkProviderSchema(config: TerraformConfiguration, schema: ProviderSchema): Finding[] {
  const findings: Finding[] = [];
  for (const module of config.modules.values()) {
    for (const block of module.resources) {
      findings.push(...checkResource(block, module.sources.get(block.file) ?? '', schema));
    }
  }
  return sortFindings(findings);
}

function checkResource(block: ResourceBlock, source: string, schema: ProviderSchema): Finding[] {
  const findings: Finding[] = [];
  const address = resourceAddress(block);
  const line = resourceLine(source, block);
  const types = block.mode === 'data' ? schema.dataSources : schema.resources;
  const typeSchema = types[block.type];
  const base = { check: 'provider-schema', file: repoRelative(block.file), address };
  if (typeSchema === undefined) {
    if (!BUILTIN_TYPES.has(block.type)) {
      findings.push({
        ...base,
        ...(line === undefined ? {} : { line }),
        message: `${block.mode === 'data' ? 'data source' : 'resource'} type ${block.type} is not in infra/schema/aws-provider.json; run \`pnpm --filter @energy/infra schema:extract\``,
      });
    }
    return findings;
  }
  checkBody(
    block.body,
    typeSchema,
    address,
    (path, message, argument) => {
      const at = argument === undefined ? line : argumentLine(source, line, argument);
      findings.push({
        ...base,
        ...(at === undefined ? {} : { line: at }),
        message: `${path}: ${message} (AWS provider ${schema.providerVersion})`,
      });
    },
    true,
  );
  return findings;
}
