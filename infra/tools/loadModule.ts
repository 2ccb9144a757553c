import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { TerraformLoadError } from './errors.js';
import { repoRelative } from './paths.js';
import type {
  HclBody,
  HclValue,
  LocalValue,
  ModuleCall,
  OutputDeclaration,
  ResourceBlock,
  TerraformModule,
  VariableDeclaration,
} from './types.js';

/** Labeled blocks as hcl2json renders them: label → body list (one entry per block). */
type Labeled = Record<string, HclBody[]>;

function isBody(value: HclValue | undefined): value is HclBody {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bodies(value: unknown): HclBody[] {
  return Array.isArray(value) ? value.filter((item): item is HclBody => isBody(item)) : [];
}

function declareOnce<T>(map: Map<string, T>, name: string, value: T, file: string, kind: string): void {
  if (map.has(name)) throw new TerraformLoadError(repoRelative(file), `${kind} "${name}" is declared twice`);
  map.set(name, value);
}

/**
 * Parses one `.tf` file with `@cdktf/hcl2json` (HashiCorp's HCL parser in WebAssembly).
 *
 * @throws {@link TerraformLoadError} naming the file when it does not parse.
 */
export async function parseTerraformFile(file: string, source: string): Promise<Record<string, unknown>> {
  try {
    return await parse(file, source);
  } catch (error) {
    throw new TerraformLoadError(repoRelative(file), `does not parse: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * Parses every `.tf` file of one directory (not its subdirectories) into a module model:
 * variables, locals, outputs, resources, data sources, module calls, terraform and provider blocks.
 *
 * @example
 * const queue = await loadModule(`${INFRA_DIR}/modules/queue`);
 * queue.variables.get('max_receive_count')?.hasDefault; // true
 * @throws {@link TerraformLoadError} when a file does not parse or declares a name twice.
 */
export async function loadModule(dir: string): Promise<TerraformModule> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.tf')).sort();
  const module: TerraformModule = {
    dir,
    files: names.map((name) => join(dir, name)),
    sources: new Map(),
    variables: new Map(),
    locals: new Map(),
    outputs: new Map(),
    resources: [],
    modules: new Map(),
    terraformBlocks: [],
    providers: new Map(),
  };
  const seenResources = new Set<string>();
  for (const file of module.files) {
    const source = await readFile(file, 'utf8');
    module.sources.set(file, source);
    const parsed = await parseTerraformFile(file, source);
    for (const [name, [body]] of Object.entries((parsed.variable ?? {}) as Labeled)) {
      const variable: VariableDeclaration = {
        name,
        file,
        hasDefault: body !== undefined && 'default' in body,
        default: body?.default,
        body: body ?? {},
      };
      declareOnce(module.variables, name, variable, file, 'variable');
    }
    for (const block of bodies(parsed.locals)) {
      for (const [name, value] of Object.entries(block)) {
        declareOnce<LocalValue>(module.locals, name, { name, file, value }, file, 'local');
      }
    }
    for (const [name, [body]] of Object.entries((parsed.output ?? {}) as Labeled)) {
      declareOnce<OutputDeclaration>(module.outputs, name, { name, file, body: body ?? {} }, file, 'output');
    }
    for (const [mode, key] of [
      ['managed', 'resource'],
      ['data', 'data'],
    ] as const) {
      for (const [type, byName] of Object.entries((parsed[key] ?? {}) as Record<string, Labeled>)) {
        for (const [name, [body]] of Object.entries(byName)) {
          const address = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
          if (seenResources.has(address)) {
            throw new TerraformLoadError(repoRelative(file), `${address} is declared twice`);
          }
          seenResources.add(address);
          module.resources.push({ mode, type, name, file, body: body ?? {} } satisfies ResourceBlock);
        }
      }
    }
    for (const [name, [body]] of Object.entries((parsed.module ?? {}) as Labeled)) {
      const source = body?.source;
      if (typeof source !== 'string') {
        throw new TerraformLoadError(repoRelative(file), `module "${name}" has no literal source`);
      }
      declareOnce<ModuleCall>(module.modules, name, { name, file, source, body: body ?? {} }, file, 'module');
    }
    module.terraformBlocks.push(...bodies(parsed.terraform));
    for (const [name, list] of Object.entries((parsed.provider ?? {}) as Labeled)) {
      module.providers.set(name, [...(module.providers.get(name) ?? []), ...list]);
    }
  }
  return module;
}

/**
 * The address of a resource block as Terraform prints it.
 *
 * @example
 * resourceAddress({ mode: 'data', type: 'aws_iam_policy_document', name: 'x' } as ResourceBlock); // 'data.aws_iam_policy_document.x'
 */
export function resourceAddress(block: Pick<ResourceBlock, 'mode' | 'type' | 'name'>): string {
  return `${block.mode === 'data' ? 'data.' : ''}${block.type}.${block.name}`;
}
