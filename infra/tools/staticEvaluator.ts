import { getExpressionAst, parse, type TFExpressionSyntaxTree } from '@cdktf/hcl2json';
import type { ModuleInstance } from './moduleInstances.js';
import { splitTopLevel } from './splitTopLevel.js';
import type { HclValue, ResourceBlock } from './types.js';

type TraversalPart = TFExpressionSyntaxTree.TerraformTraversalPart;
type ExpressionType = TFExpressionSyntaxTree.ExpressionType;

/** Names bound while evaluating inside a block, such as a dynamic block's iterator. */
export type Bindings = Readonly<Record<string, StaticValue>>;

const NO_BINDINGS: Bindings = {};

/** A reference to an attribute Terraform only knows after apply (an ARN, an id), kept symbolic. */
export class ResourceReference {
  public constructor(
    /** Instance the resource lives in. */
    public readonly instance: ModuleInstance,
    /** The resource or data block. */
    public readonly block: ResourceBlock,
    /** Attribute read (`arn`), undefined for the whole object. */
    public readonly attribute: string | undefined,
  ) {}
}

/** A value that cannot be known without running Terraform; `reason` says why. */
export class UnknownValue {
  public constructor(public readonly reason: string) {}
}

/** The result of `jsonencode(x)`, kept structured so that policies can be inspected. */
export class JsonEncoded {
  public constructor(public readonly value: StaticValue) {}
}

/** What an expression evaluates to without running Terraform. */
export type StaticValue =
  | string
  | number
  | boolean
  | null
  | StaticValue[]
  | { [key: string]: StaticValue }
  | ResourceReference
  | UnknownValue
  | JsonEncoded;

/** A plain object value (not a reference, unknown or jsonencode marker). */
export function isStaticObject(value: StaticValue): value is { [key: string]: StaticValue } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof ResourceReference) &&
    !(value instanceof UnknownValue) &&
    !(value instanceof JsonEncoded)
  );
}

function isKnownScalar(value: StaticValue): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Index of the `}` closing the `${` at `start`, skipping nested braces and strings. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"' && depth > 0) inString = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return index;
  }
  return -1;
}

/** How a {@link StaticEvaluator} resolves what it cannot read off the configuration. */
export type StaticEvaluatorOptions = {
  /** Values of root variables from a committed tfvars example, used when a variable has no default. */
  rootValues?: Readonly<Record<string, HclValue>>;
  /**
   * Whether `aws_x.y.name` evaluates to the `name` argument written in the block (default)
   * or stays a {@link ResourceReference} — for following which resource a value points at.
   */
  substituteArguments?: boolean;
};

/**
 * Evaluates Terraform expressions to constants where the configuration alone decides
 * them: literals, `var.*` (following module calls up to root defaults), `local.*`,
 * `module.*` outputs, arithmetic, conditionals and a few pure functions. Resource
 * attributes that are arguments in the configuration evaluate to those arguments;
 * others (ARNs, ids) stay symbolic as {@link ResourceReference}; anything else is an
 * {@link UnknownValue}. Never throws on an expression it does not understand.
 *
 * @example
 * const evaluator = new StaticEvaluator();
 * await evaluator.evaluate(root.children.get('queue')!, '${var.visibility_timeout_seconds}'); // 190
 */
export class StaticEvaluator {
  readonly #astCache = new Map<string, Promise<ExpressionType | null>>();

  readonly #rootValues: Readonly<Record<string, HclValue>>;
  readonly #substituteArguments: boolean;

  public constructor(options: StaticEvaluatorOptions = {}) {
    this.#rootValues = options.rootValues ?? {};
    this.#substituteArguments = options.substituteArguments ?? true;
  }

  /** Evaluates a value as hcl2json renders it (JSON literals and `${...}` template strings). */
  public async evaluate(
    instance: ModuleInstance,
    value: HclValue | undefined,
    bindings: Bindings = NO_BINDINGS,
  ): Promise<StaticValue> {
    if (value === undefined) return new UnknownValue('absent');
    if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
    if (Array.isArray(value))
      return Promise.all(value.map((item) => this.evaluate(instance, item, bindings)));
    if (typeof value === 'object') {
      const entries = await Promise.all(
        Object.entries(value).map(
          async ([key, item]) => [key, await this.evaluate(instance, item, bindings)] as const,
        ),
      );
      return Object.fromEntries(entries);
    }
    return this.evaluateTemplate(instance, value, bindings);
  }

  /** Evaluates HCL expression text such as `var.a * 6` or `{ A = var.x }`. */
  public async evaluateExpression(
    instance: ModuleInstance,
    text: string,
    bindings: Bindings = NO_BINDINGS,
  ): Promise<StaticValue> {
    const trimmed = text.trim();
    let rendered: HclValue | undefined;
    try {
      rendered = ((await parse('expression.tf', `v = ${trimmed}\n`)) as { v?: HclValue }).v;
    } catch {
      return new UnknownValue(`does not parse: ${trimmed}`);
    }
    // hcl2json turns literal objects and tuples into JSON whose leaves are again templates.
    if (typeof rendered !== 'string' || !rendered.startsWith('${') || rendered !== `\${${trimmed}}`) {
      return this.evaluate(instance, rendered, bindings);
    }
    const ast = await this.#ast(trimmed);
    if (ast !== null) return this.#node(instance, ast, bindings);
    // The AST conversion fails on object constructors nested in calls: split the call by hand.
    const call = /^([a-z_][a-z0-9_]*)\(([\s\S]*)\)$/.exec(trimmed);
    if (call === null) return new UnknownValue(`unsupported expression: ${trimmed}`);
    const args = await Promise.all(
      splitTopLevel(call[2] as string, ',').map((arg) => this.evaluateExpression(instance, arg, bindings)),
    );
    return this.#call(call[1] as string, args);
  }

  async #ast(text: string): Promise<ExpressionType | null> {
    let cached = this.#astCache.get(text);
    if (cached === undefined) {
      cached = getExpressionAst('expression.tf', text).catch(() => null);
      this.#astCache.set(text, cached);
    }
    return cached;
  }

  /** Evaluates a template string such as `${var.prefix}-raw` (a lone interpolation keeps its type). */
  public async evaluateTemplate(
    instance: ModuleInstance,
    template: string,
    bindings: Bindings = NO_BINDINGS,
  ): Promise<StaticValue> {
    if (template.includes('%{')) return new UnknownValue(`template directive in ${JSON.stringify(template)}`);
    const parts: StaticValue[] = [];
    let index = 0;
    while (index < template.length) {
      const start = template.indexOf('${', index);
      if (start < 0) {
        parts.push(template.slice(index));
        break;
      }
      if (template[start - 1] === '$') {
        // `$${` is an escaped literal `${`.
        parts.push(`${template.slice(index, start - 1)}\${`);
        index = start + 2;
        continue;
      }
      if (start > index) parts.push(template.slice(index, start));
      const end = closingBrace(template, start + 1);
      if (end < 0) return new UnknownValue(`unbalanced template ${JSON.stringify(template)}`);
      parts.push(await this.evaluateExpression(instance, template.slice(start + 2, end), bindings));
      index = end + 1;
    }
    const merged = parts.filter((part) => part !== '');
    // A template that is one interpolation keeps the value's own type (HCL does the same).
    if (merged.length === 1) return merged[0] as StaticValue;
    if (merged.length === 0) return '';
    if (!merged.every(isKnownScalar)) {
      return new UnknownValue(`template ${JSON.stringify(template)} depends on unknown values`);
    }
    return merged.join('');
  }

  async #node(instance: ModuleInstance, node: ExpressionType, bindings: Bindings): Promise<StaticValue> {
    const children = node.children;
    switch (node.type) {
      case 'literalValue': {
        const { type, value } = node.meta;
        if (type === 'number') return Number(value);
        if (type === 'bool') return value === 'true';
        if (type === 'string') return value;
        return null;
      }
      case 'template': {
        const parts = await Promise.all(children.map((child) => this.#node(instance, child, bindings)));
        if (parts.length === 1) return parts[0] as StaticValue;
        if (!parts.every(isKnownScalar))
          return new UnknownValue(`template ${node.meta.value} depends on unknowns`);
        return parts.join('');
      }
      case 'templateWrap':
        return children[0] === undefined ? '' : this.#node(instance, children[0], bindings);
      case 'tuple':
        return Promise.all(children.map((child) => this.#node(instance, child, bindings)));
      case 'scopeTraversal':
        return this.#traversal(instance, node.meta.traversal, bindings);
      case 'relativeTraversal': {
        if (children[0] === undefined) return new UnknownValue(node.meta.value);
        return this.#applyParts(await this.#node(instance, children[0], bindings), node.meta.traversal);
      }
      case 'index': {
        if (children[0] === undefined || children[1] === undefined) return new UnknownValue(node.meta.value);
        const collection = await this.#node(instance, children[0], bindings);
        const key = await this.#node(instance, children[1], bindings);
        return this.#index(collection, key);
      }
      case 'conditional': {
        const [condition, whenTrue, whenFalse] = children;
        if (condition === undefined || whenTrue === undefined || whenFalse === undefined) {
          return new UnknownValue(node.meta.value);
        }
        const test = await this.#node(instance, condition, bindings);
        if (typeof test !== 'boolean')
          return new UnknownValue(`condition of ${node.meta.value} is not known`);
        return this.#node(instance, test ? whenTrue : whenFalse, bindings);
      }
      case 'unaryOp': {
        const operand =
          children[0] === undefined ? undefined : await this.#node(instance, children[0], bindings);
        if (node.meta.operator === 'negate' && typeof operand === 'number') return -operand;
        if (node.meta.operator === 'not' && typeof operand === 'boolean') return !operand;
        return new UnknownValue(node.meta.value);
      }
      case 'binaryOp': {
        if (children[0] === undefined || children[1] === undefined) return new UnknownValue(node.meta.value);
        const left = await this.#node(instance, children[0], bindings);
        const right = await this.#node(instance, children[1], bindings);
        return binary(node.meta.operator, left, right) ?? new UnknownValue(node.meta.value);
      }
      case 'for':
        return this.#for(instance, node.meta, bindings);
      case 'object': {
        // Items come as expression text keyed by the key's source text ("k" or k).
        const entries = await Promise.all(
          Object.entries(node.meta.items).map(async ([key, text]) => {
            const name = key.startsWith('"') ? (JSON.parse(key) as string) : key;
            return [name, await this.evaluateExpression(instance, text, bindings)] as const;
          }),
        );
        return Object.fromEntries(entries);
      }
      case 'function': {
        const args = await Promise.all(children.map((child) => this.#node(instance, child, bindings)));
        return this.#call(node.meta.name, args);
      }
      default:
        return new UnknownValue(`${node.type} expression ${node.meta?.value ?? ''}`);
    }
  }

  /** `[for k, v in coll : value if cond]` and `{for k, v in coll : key => value}`. */
  async #for(
    instance: ModuleInstance,
    meta: TFExpressionSyntaxTree.ForExpressionMeta,
    bindings: Bindings,
  ): Promise<StaticValue> {
    const collection = await this.evaluateExpression(instance, meta.collectionExpression, bindings);
    let entries: [StaticValue, StaticValue][];
    if (Array.isArray(collection)) entries = collection.map((value, index) => [index, value]);
    else if (isStaticObject(collection))
      entries = Object.entries(collection).sort(([a], [b]) => a.localeCompare(b));
    else return new UnknownValue(`for over an unknown collection ${meta.collectionExpression}`);
    const asObject = (meta.keyExpression ?? '') !== '';
    const list: StaticValue[] = [];
    const object: Record<string, StaticValue> = {};
    for (const [key, value] of entries) {
      const scope: Bindings = {
        ...bindings,
        ...((meta.keyVar ?? '') === '' ? {} : { [meta.keyVar]: key }),
        [meta.valVar]: value,
      };
      if ((meta.conditionalExpression ?? '') !== '') {
        const keep = await this.evaluateExpression(instance, meta.conditionalExpression, scope);
        if (typeof keep !== 'boolean') return new UnknownValue(`for condition ${meta.conditionalExpression}`);
        if (!keep) continue;
      }
      const item = await this.evaluateExpression(instance, meta.valueExpression, scope);
      if (!asObject) {
        list.push(item);
        continue;
      }
      const itemKey = await this.evaluateExpression(instance, meta.keyExpression, scope);
      if (typeof itemKey !== 'string') return new UnknownValue(`for key ${meta.keyExpression}`);
      object[itemKey] = item;
    }
    return asObject ? object : list;
  }

  async #traversal(
    instance: ModuleInstance,
    parts: readonly TraversalPart[],
    bindings: Bindings,
  ): Promise<StaticValue> {
    const [head, second, third, ...rest] = parts;
    const root = head?.segment;
    const name = second?.segment;
    if (root !== undefined && root in bindings)
      return this.#applyParts(bindings[root] as StaticValue, parts.slice(1));
    if (root === undefined || name === undefined) return new UnknownValue(`bare name ${root}`);
    switch (root) {
      case 'var':
        return this.#applyParts(await this.#variable(instance, name), parts.slice(2));
      case 'local': {
        const local = instance.module.locals.get(name);
        if (local === undefined) return new UnknownValue(`local.${name} is not defined`);
        return this.#applyParts(await this.evaluate(instance, local.value), parts.slice(2));
      }
      case 'module': {
        const child = instance.children.get(name);
        const output = third?.type === 'nameTraversal' ? child?.module.outputs.get(third.segment) : undefined;
        if (child === undefined || output === undefined) return new UnknownValue(`module.${name} output`);
        return this.#applyParts(await this.evaluate(child, output.body.value), rest);
      }
      case 'data': {
        if (third === undefined) return new UnknownValue(`data.${name}`);
        return this.#resource(instance, 'data', name, third.segment, rest);
      }
      case 'path':
        return this.#applyParts(pathValue(instance, name), parts.slice(2));
      case 'each':
      case 'count':
      case 'terraform':
      case 'self':
        return new UnknownValue(`${root}.${name} depends on the run`);
      default:
        return this.#resource(instance, 'managed', root, name, parts.slice(2));
    }
  }

  async #resource(
    instance: ModuleInstance,
    mode: 'managed' | 'data',
    type: string,
    name: string,
    parts: readonly TraversalPart[],
  ): Promise<StaticValue> {
    const block = instance.module.resources.find(
      (r) => r.mode === mode && r.type === type && r.name === name,
    );
    if (block === undefined) return new UnknownValue(`${type}.${name} is not declared`);
    // Skip a [index] of a counted resource: every instance has the same arguments here.
    const attributeParts = parts[0]?.type === 'indexTraversal' ? parts.slice(1) : parts;
    const attribute = attributeParts[0]?.segment;
    if (
      this.#substituteArguments &&
      attribute !== undefined &&
      attribute in block.body &&
      attribute !== 'id'
    ) {
      return this.#applyParts(await this.evaluate(instance, block.body[attribute]), attributeParts.slice(1));
    }
    return new ResourceReference(instance, block, attribute);
  }

  async #variable(instance: ModuleInstance, name: string): Promise<StaticValue> {
    const passed = instance.call?.body[name];
    if (passed !== undefined && instance.parent !== undefined) return this.evaluate(instance.parent, passed);
    const declared = instance.module.variables.get(name);
    if (declared === undefined) return new UnknownValue(`var.${name} is not declared`);
    if (declared.hasDefault) return this.evaluate(instance, declared.default);
    if (instance.parent === undefined && name in this.#rootValues)
      return this.evaluate(instance, this.#rootValues[name]);
    return new UnknownValue(`var.${name} has no value`);
  }

  #applyParts(value: StaticValue, parts: readonly TraversalPart[]): StaticValue {
    let current = value;
    for (const part of parts) {
      const key = part.type === 'indexTraversal' ? parseIndex(part.segment) : part.segment;
      current = this.#index(current, key);
    }
    return current;
  }

  #index(collection: StaticValue, key: StaticValue): StaticValue {
    if (
      collection instanceof ResourceReference &&
      typeof key === 'string' &&
      collection.attribute === undefined
    ) {
      return new ResourceReference(collection.instance, collection.block, key);
    }
    if (Array.isArray(collection) && typeof key === 'number')
      return collection[key] ?? new UnknownValue('index');
    if (isStaticObject(collection) && typeof key === 'string')
      return collection[key] ?? new UnknownValue(key);
    return new UnknownValue(`index ${String(key)} of an unknown value`);
  }

  #call(name: string, args: StaticValue[]): StaticValue {
    const numbers = args.filter((arg): arg is number => typeof arg === 'number');
    const allNumbers = numbers.length === args.length && args.length > 0;
    switch (name) {
      case 'jsonencode':
        return new JsonEncoded(args[0] ?? null);
      case 'max':
        return allNumbers ? Math.max(...numbers) : new UnknownValue('max of unknowns');
      case 'min':
        return allNumbers ? Math.min(...numbers) : new UnknownValue('min of unknowns');
      case 'abs':
      case 'ceil':
      case 'floor':
        return allNumbers ? Math[name](numbers[0] as number) : new UnknownValue(`${name} of an unknown`);
      case 'tonumber':
        return typeof args[0] === 'string' || typeof args[0] === 'number'
          ? Number(args[0])
          : new UnknownValue(name);
      case 'tostring':
        return isKnownScalar(args[0] ?? null) ? String(args[0]) : new UnknownValue(name);
      case 'lower':
      case 'upper':
        return typeof args[0] === 'string'
          ? (args[0] as string)[name === 'lower' ? 'toLowerCase' : 'toUpperCase']()
          : new UnknownValue(name);
      case 'tolist':
      case 'toset':
        return args[0] ?? new UnknownValue(name);
      case 'concat':
        return args.every(Array.isArray) ? (args as StaticValue[][]).flat() : new UnknownValue(name);
      case 'merge':
        return args.every(isStaticObject) ? Object.assign({}, ...args) : new UnknownValue(name);
      case 'length':
        if (Array.isArray(args[0])) return args[0].length;
        if (typeof args[0] === 'string') return args[0].length;
        return isStaticObject(args[0] ?? null)
          ? Object.keys(args[0] as object).length
          : new UnknownValue(name);
      case 'keys':
        return isStaticObject(args[0] ?? null)
          ? Object.keys(args[0] as object).sort()
          : new UnknownValue(name);
      case 'values':
        return isStaticObject(args[0] ?? null)
          ? Object.entries(args[0] as Record<string, StaticValue>)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([, value]) => value)
          : new UnknownValue(name);
      case 'contains':
        return Array.isArray(args[0]) && isKnownScalar(args[1] ?? null)
          ? args[0].includes(args[1] as StaticValue)
          : new UnknownValue(name);
      case 'alltrue':
      case 'anytrue': {
        const list = args[0];
        if (!Array.isArray(list) || !list.every((item) => typeof item === 'boolean'))
          return new UnknownValue(name);
        return name === 'alltrue' ? list.every(Boolean) : list.some(Boolean);
      }
      case 'one':
        return Array.isArray(args[0]) && args[0].length <= 1 ? (args[0][0] ?? null) : new UnknownValue(name);
      case 'startswith':
      case 'endswith':
        return typeof args[0] === 'string' && typeof args[1] === 'string'
          ? args[0][name === 'startswith' ? 'startsWith' : 'endsWith'](args[1])
          : new UnknownValue(name);
      case 'sensitive':
      case 'nonsensitive':
        return args[0] ?? new UnknownValue(name);
      case 'coalesce':
        return args.find((arg) => arg !== null && arg !== '') ?? new UnknownValue(name);
      default:
        return new UnknownValue(`function ${name}()`);
    }
  }
}

/** `path.module` and `path.root` as absolute directories; `path.cwd` is the root (where make runs terraform). */
function pathValue(instance: ModuleInstance, name: string): StaticValue {
  let root = instance;
  while (root.parent !== undefined) root = root.parent;
  if (name === 'module') return instance.module.dir;
  if (name === 'root' || name === 'cwd') return root.module.dir;
  return new UnknownValue(`path.${name}`);
}

function parseIndex(segment: string): string | number {
  if (/^\d+$/.test(segment)) return Number(segment);
  if (segment.startsWith('"')) return JSON.parse(segment) as string;
  return segment;
}

function binary(operator: string, left: StaticValue, right: StaticValue): StaticValue | undefined {
  if (typeof left === 'number' && typeof right === 'number') {
    switch (operator) {
      case 'add':
        return left + right;
      case 'subtract':
        return left - right;
      case 'multiply':
        return left * right;
      case 'divide':
        return left / right;
      case 'modulo':
        return left % right;
      case 'greaterThan':
        return left > right;
      case 'greaterThanOrEqual':
        return left >= right;
      case 'lessThan':
        return left < right;
      case 'lessThanOrEqual':
        return left <= right;
    }
  }
  // Comparing with null only needs to know that the other side is not null.
  const knownNull =
    (left === null || right === null) && !(left instanceof UnknownValue || right instanceof UnknownValue);
  if (knownNull || (isKnownScalar(left) && isKnownScalar(right))) {
    if (operator === 'equal') return left === right;
    if (operator === 'notEqual') return left !== right;
  }
  if (typeof left === 'boolean' && typeof right === 'boolean') {
    if (operator === 'and') return left && right;
    if (operator === 'or') return left || right;
  }
  return undefined;
}
