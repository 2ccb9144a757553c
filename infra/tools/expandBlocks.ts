import type { ModuleInstance } from './moduleInstances.js';
import {
  type Bindings,
  isStaticObject,
  type StaticEvaluator,
  type StaticValue,
  UnknownValue,
} from './staticEvaluator.js';
import type { HclBody, HclValue } from './types.js';

/** One concrete nested block: its body and the names bound while evaluating it. */
export type ExpandedBlock = {
  /** Block body as hcl2json renders it. */
  body: HclBody;
  /** Iterator bindings of the dynamic block it came from (none for a literal block). */
  bindings: Bindings;
};

function isBody(value: HclValue | undefined): value is HclBody {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The nested blocks named `name` of a body, literal ones and those a `dynamic` block
 * generates, each with its iterator bound (`statement.value`, `environment.key`).
 * A dynamic block whose `for_each` is not statically known yields one block per
 * {@link UnknownValue}-bound iteration: callers see unknown values rather than nothing.
 *
 * @example
 * await expandBlocks(evaluator, instance, policyDocument.body, 'statement'); // [{ body: {...}, bindings: {} }, …]
 */
export async function expandBlocks(
  evaluator: StaticEvaluator,
  instance: ModuleInstance,
  body: HclBody,
  name: string,
  bindings: Bindings = {},
): Promise<ExpandedBlock[]> {
  const blocks: ExpandedBlock[] = [];
  const literal = body[name];
  if (Array.isArray(literal))
    for (const item of literal.filter(isBody)) blocks.push({ body: item, bindings });
  const dynamic = isBody(body.dynamic) ? body.dynamic[name] : undefined;
  for (const generator of Array.isArray(dynamic) ? dynamic.filter(isBody) : []) {
    const content = Array.isArray(generator.content) ? generator.content.find(isBody) : undefined;
    if (content === undefined) continue;
    const iterator =
      typeof generator.iterator === 'string' ? generator.iterator.replace(/^\$\{|\}$/g, '') : name;
    const collection = await evaluator.evaluate(instance, generator.for_each, bindings);
    let entries: [StaticValue, StaticValue][];
    if (Array.isArray(collection)) entries = collection.map((value) => [value, value]);
    else if (isStaticObject(collection)) entries = Object.entries(collection);
    else entries = [[collection, new UnknownValue(`for_each of dynamic "${name}" is not known`)]];
    for (const [key, value] of entries) {
      blocks.push({ body: content, bindings: { ...bindings, [iterator]: { key, value } } });
    }
  }
  return blocks;
}
