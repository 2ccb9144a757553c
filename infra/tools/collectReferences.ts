import { getReferencesInExpression } from '@cdktf/hcl2json';
import { resourceAddress } from './loadModule.js';
import type { HclBody, HclValue, TerraformModule } from './types.js';

/** Names an expression may use at the place it appears. */
export type ReferenceScope = {
  /** `each.key` / `each.value` are available (the block has `for_each`). */
  each: boolean;
  /** `count.index` is available (the block has `count`). */
  count: boolean;
  /** `self` is available (provisioners, connections, postconditions). */
  self: boolean;
  /** Iterator names of enclosing `dynamic` blocks. */
  iterators: readonly string[];
};

/** One reference found in an expression. */
export type FoundReference = {
  /** Traversal as dotted segments, such as `aws_sqs_queue.this.0.arn` or `var.m."k"`. */
  reference: string;
  /** File of the expression. */
  file: string;
  /** Address of the enclosing block (`aws_sqs_queue.this`, `module.queue`, `output.x`, `local.y`). */
  address: string;
  /** Names in scope there. */
  scope: ReferenceScope;
};

const NO_SCOPE: ReferenceScope = { each: false, count: false, self: false, iterators: [] };

function isBody(value: HclValue | undefined): value is HclBody {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every reference in a module's expressions with the names in scope where it appears.
 * References to `for` expression variables are already resolved by hcl2json; `type`
 * constraints, `lifecycle.ignore_changes` (attribute names, not references), `provider`
 * and `providers` (provider aliases) are skipped.
 *
 * @example
 * (await collectReferences(module)).map((r) => r.reference); // ['var.name', 'aws_sqs_queue.dead_letter.arn', …]
 */
export async function collectReferences(module: TerraformModule): Promise<FoundReference[]> {
  const found: FoundReference[] = [];
  const cache = new Map<string, Promise<string[]>>();

  const referencesIn = (file: string, expression: string): Promise<string[]> => {
    let cached = cache.get(expression);
    if (cached === undefined) {
      cached = getReferencesInExpression(file, expression).then((references) =>
        references.map((reference) => reference.value),
      );
      cache.set(expression, cached);
    }
    return cached;
  };

  const walk = async (
    value: HclValue | undefined,
    file: string,
    address: string,
    scope: ReferenceScope,
  ): Promise<void> => {
    if (typeof value === 'string') {
      if (!value.includes('${') && !value.includes('%{')) return;
      for (const reference of await referencesIn(file, value))
        found.push({ reference, file, address, scope });
    } else if (Array.isArray(value)) {
      for (const item of value) await walk(item, file, address, scope);
    } else if (isBody(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (key === 'dynamic' && isBody(item)) {
          await walkDynamic(item, file, address, scope);
        } else if (key === 'lifecycle' && Array.isArray(item)) {
          for (const lifecycle of item.filter(isBody)) {
            for (const [name, setting] of Object.entries(lifecycle)) {
              if (name === 'ignore_changes') continue;
              const withSelf = name === 'postcondition' ? { ...scope, self: true } : scope;
              await walk(setting, file, address, withSelf);
            }
          }
        } else if ((key === 'provisioner' || key === 'connection') && address !== 'locals') {
          await walk(item, file, address, { ...scope, self: true });
        } else {
          await walk(item, file, address, scope);
        }
      }
    }
  };

  const walkDynamic = async (dynamic: HclBody, file: string, address: string, scope: ReferenceScope) => {
    for (const [blockName, list] of Object.entries(dynamic)) {
      for (const block of Array.isArray(list) ? list.filter(isBody) : []) {
        const iterator =
          typeof block.iterator === 'string' ? block.iterator.replace(/^\$\{|\}$/g, '') : blockName;
        const { content, iterator: _iterator, ...rest } = block;
        await walk(rest, file, address, scope);
        await walk(content, file, address, { ...scope, iterators: [...scope.iterators, iterator] });
      }
    }
  };

  for (const variable of module.variables.values()) {
    const { type: _type, ...rest } = variable.body;
    await walk(rest, variable.file, `var.${variable.name}`, NO_SCOPE);
  }
  for (const local of module.locals.values())
    await walk(local.value, local.file, `local.${local.name}`, NO_SCOPE);
  for (const output of module.outputs.values())
    await walk(output.body, output.file, `output.${output.name}`, NO_SCOPE);
  for (const block of module.resources) {
    const { provider: _provider, ...rest } = block.body;
    const scope = { ...NO_SCOPE, each: 'for_each' in block.body, count: 'count' in block.body };
    await walk(rest, block.file, resourceAddress(block), scope);
  }
  for (const call of module.modules.values()) {
    const { providers: _providers, source: _source, version: _version, ...rest } = call.body;
    const scope = { ...NO_SCOPE, each: 'for_each' in call.body, count: 'count' in call.body };
    await walk(rest, call.file, `module.${call.name}`, scope);
  }
  return found;
}
