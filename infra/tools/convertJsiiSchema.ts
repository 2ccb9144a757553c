import { ProviderSchemaError } from './errors.js';
import type {
  ArgumentSchema,
  ArgumentType,
  BlockSchema,
  NestedBlockSchema,
  ResourceTypeSchema,
} from './providerSchema.js';

/** A jsii type reference (the subset prebuilt cdktf/cdktn providers use). */
export type JsiiTypeReference = {
  /** `string`, `number`, `boolean`, `any`, `json`. */
  primitive?: string;
  /** Named type. */
  fqn?: string;
  /** Array or map of an element type. */
  collection?: { kind: 'array' | 'map'; elementtype: JsiiTypeReference };
  /** One of several types (cdktn adds `IResolvable` to most). */
  union?: { types: JsiiTypeReference[] };
};

/** A property of a jsii struct or class. */
export type JsiiProperty = {
  /** camelCase name. */
  name: string;
  /** Absent or false: required. */
  optional?: boolean;
  /** TSDoc; cdktn's generator writes the Terraform name into the registry link. */
  docs?: { summary?: string; remarks?: string };
  /** Value type. */
  type: JsiiTypeReference;
};

/** A jsii type (class or struct). */
export type JsiiType = {
  /** Fully qualified name. */
  fqn: string;
  /** Short name. */
  name: string;
  /** `class` or `interface`. */
  kind: string;
  /** True for structs (data-only interfaces). */
  datatype?: boolean;
  /** Base class fqn. */
  base?: string;
  /** TSDoc. */
  docs?: { summary?: string };
  /** Own properties. */
  properties?: JsiiProperty[];
  /** Constructor. */
  initializer?: { parameters?: { type: JsiiTypeReference }[] };
  /** Source file in the package (`src/sqs-queue/index.ts`). */
  locationInModule?: { filename: string };
};

/** A jsii assembly (`.jsii`), the parts read here. */
export type JsiiAssembly = {
  /** Package name. */
  name: string;
  /** Package version. */
  version: string;
  /** Every type by fqn. */
  types: Record<string, JsiiType>;
};

/** Where one Terraform type lives in the assembly. */
export type TerraformTypeLocation = {
  /** `resource` or `data`. */
  mode: 'resource' | 'data';
  /** Terraform type name, such as `aws_sqs_queue`. */
  terraformType: string;
  /** The construct class. */
  classType: JsiiType;
  /** Its config struct fqn (third constructor parameter). */
  configFqn: string;
};

const BASE_CLASS = {
  resource: /\.TerraformResource$/,
  data: /\.TerraformDataSource$/,
} as const;

// "Represents a {@link https://registry.terraform.io/providers/hashicorp/aws/6.66.0/docs/resources/sqs_queue aws_sqs_queue}."
const CLASS_DOC =
  /\{@link https:\/\/registry\.terraform\.io\/\S+\/docs\/(resources|data-sources)\/\S+ ([a-z0-9_]+)\}/;

// "Docs at Terraform Registry: {@link https://…/sqs_queue#visibility_timeout_seconds SqsQueue#visibility_timeout_seconds}"
const PROPERTY_DOC = /\{@link https:\/\/registry\.terraform\.io\/[^\s#]+#([A-Za-z0-9_]+) [A-Za-z0-9]+#\1\}/;

/**
 * Indexes the assembly's construct classes by Terraform type (`aws_sqs_queue`, and
 * `data.aws_iam_policy_document` for data sources).
 *
 * @example
 * indexTerraformTypes(assembly).get('aws_sqs_queue')?.configFqn; // '@cdktn/provider-aws.sqsQueue.SqsQueueConfig'
 */
export function indexTerraformTypes(assembly: JsiiAssembly): Map<string, TerraformTypeLocation> {
  const index = new Map<string, TerraformTypeLocation>();
  for (const type of Object.values(assembly.types)) {
    if (type.kind !== 'class' || type.base === undefined) continue;
    const mode = BASE_CLASS.resource.test(type.base)
      ? 'resource'
      : BASE_CLASS.data.test(type.base)
        ? 'data'
        : undefined;
    const match = CLASS_DOC.exec(type.docs?.summary ?? '');
    const configFqn = type.initializer?.parameters?.[2]?.type.fqn;
    if (mode === undefined || match === null || configFqn === undefined) continue;
    const terraformType = match[2] as string;
    index.set(mode === 'data' ? `data.${terraformType}` : terraformType, {
      mode,
      terraformType,
      classType: type,
      configFqn,
    });
  }
  return index;
}

/**
 * The Terraform (snake_case) name of a jsii property. cdktn's generator keeps it in
 * the registry link of every property's TSDoc (`…#memory_size LambdaFunction#memory_size`);
 * converting camelCase back would guess wrong for names such as `ipv6_cidr_block`.
 *
 * @throws {@link ProviderSchemaError} when the link is missing.
 */
export function terraformName(property: JsiiProperty, owner: string): string {
  const docs = `${property.docs?.summary ?? ''} ${property.docs?.remarks ?? ''}`;
  const match = PROPERTY_DOC.exec(docs);
  if (match === null) {
    throw new ProviderSchemaError(
      `${owner}.${property.name} has no registry link naming its Terraform attribute`,
    );
  }
  return match[1] as string;
}

function withoutResolvable(type: JsiiTypeReference): JsiiTypeReference {
  if (type.union === undefined) return type;
  const rest = type.union.types.filter((member) => member.fqn !== 'cdktn.IResolvable');
  return rest.length === 1 ? (rest[0] as JsiiTypeReference) : type;
}

function argumentType(type: JsiiTypeReference): ArgumentType {
  const plain = withoutResolvable(type);
  if (plain.primitive === 'string') return 'string';
  if (plain.primitive === 'number') return 'number';
  if (plain.primitive === 'boolean') return 'bool';
  if (plain.collection?.kind === 'array') return 'list';
  if (plain.collection?.kind === 'map') return 'map';
  if (plain.fqn !== undefined && plain.fqn !== 'cdktn.IResolvable') return 'object';
  return 'any';
}

/** The struct a block property holds, and whether one or many. */
function blockStruct(type: JsiiTypeReference): { fqn: string; nesting: 'single' | 'list' } | undefined {
  const plain = withoutResolvable(type);
  if (plain.fqn !== undefined) return { fqn: plain.fqn, nesting: 'single' };
  const element = plain.collection?.kind === 'array' ? plain.collection.elementtype : undefined;
  if (element?.fqn !== undefined) return { fqn: element.fqn, nesting: 'list' };
  return undefined;
}

/**
 * Converts a config struct (and, recursively, its nested block structs) into a block
 * schema. A property is a nested block when cdktn documents it as "`<name>` block.";
 * other struct-typed properties are object arguments (nested attributes).
 *
 * @example
 * convertStruct(assembly, '@cdktn/provider-aws.sqsQueue.SqsQueueConfig').arguments.name; // { required: false, type: 'string' }
 * @throws {@link ProviderSchemaError} when a struct is missing or a property lacks its Terraform name.
 */
export function convertStruct(assembly: JsiiAssembly, fqn: string): BlockSchema {
  const struct = assembly.types[fqn];
  if (struct === undefined || !struct.datatype)
    throw new ProviderSchemaError(`${fqn} is not a struct in the assembly`);
  const schema: BlockSchema = { arguments: {}, blocks: {} };
  for (const property of struct.properties ?? []) {
    const name = terraformName(property, fqn);
    const required = property.optional !== true;
    const nested = blockStruct(property.type);
    if (nested !== undefined && property.docs?.summary === `${name} block.`) {
      schema.blocks[name] = {
        nesting: nested.nesting,
        required,
        block: convertStruct(assembly, nested.fqn),
      } satisfies NestedBlockSchema;
    } else {
      schema.arguments[name] = { required, type: argumentType(property.type) } satisfies ArgumentSchema;
    }
  }
  return sortSchema(schema);
}

function sortRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

function sortSchema(schema: BlockSchema): BlockSchema {
  return { arguments: sortRecord(schema.arguments), blocks: sortRecord(schema.blocks) };
}

/**
 * The attribute names a construct class reads from Terraform state, taken from the
 * compiled provider code: `get arn() { return this.getStringAttribute('arn'); }` and
 * complex attributes `new XOutputReference(this, "timeouts")`.
 *
 * @example
 * computedAttributes(sqsQueueJs, 'SqsQueue'); // ['arn', 'content_based_deduplication', …, 'url', …]
 */
export function computedAttributes(moduleJs: string, className: string): string[] {
  const start = moduleJs.indexOf(`class ${className} extends `);
  const end = moduleJs.indexOf(`exports.${className} = ${className};`, start);
  if (start < 0 || end < 0)
    throw new ProviderSchemaError(`class ${className} not found in its compiled module`);
  const body = moduleJs.slice(start, end);
  const names = new Set<string>();
  for (const match of body.matchAll(/this\.get\w*Attribute\('([a-z0-9_]+)'\)/g))
    names.add(match[1] as string);
  for (const match of body.matchAll(/new \w+\(this, "([a-z0-9_]+)"/g)) names.add(match[1] as string);
  return [...names].sort();
}

/**
 * The camelCase → snake_case pairs the compiled provider code uses when it writes a
 * struct to Terraform JSON (`visibility_timeout_seconds: …(this._visibilityTimeoutSeconds)`
 * in `synthesizeAttributes`, `create: …(struct.create)` in `<struct>ToTerraform`).
 */
export function compiledNameMapping(
  moduleJs: string,
  struct: JsiiType,
  isConfig: boolean,
): Map<string, string> {
  let body: string;
  if (isConfig) {
    const start = moduleJs.indexOf('synthesizeAttributes()');
    body = start < 0 ? '' : moduleJs.slice(start, moduleJs.indexOf('\n    }\n', start));
  } else {
    const functionName = `${struct.name.charAt(0).toLowerCase()}${struct.name.slice(1)}ToTerraform`;
    const start = moduleJs.indexOf(`function ${functionName}(struct)`);
    body = start < 0 ? '' : moduleJs.slice(start, moduleJs.indexOf('\n}\n', start));
  }
  const pattern = isConfig
    ? /^\s+([a-z0-9_]+): .*\bthis\._(\w+)\b/gm
    : /^\s+([a-z0-9_]+): .*\bstruct\.(\w+)\b/gm;
  const mapping = new Map<string, string>();
  for (const match of body.matchAll(pattern)) mapping.set(match[2] as string, match[1] as string);
  return mapping;
}

/**
 * Checks the names read from the TSDoc links against the compiled code's own mapping,
 * for the config struct and every nested block struct; returns the mismatches
 * (empty when the two sources agree).
 */
export function crossCheckNames(assembly: JsiiAssembly, moduleJs: string, configFqn: string): string[] {
  const problems: string[] = [];
  const visit = (fqn: string, isConfig: boolean): void => {
    const struct = assembly.types[fqn];
    if (struct === undefined) return;
    const mapping = compiledNameMapping(moduleJs, struct, isConfig);
    for (const property of struct.properties ?? []) {
      const fromDocs = terraformName(property, fqn);
      const fromCode = mapping.get(property.name);
      if (fromCode !== fromDocs) {
        problems.push(`${fqn}.${property.name}: docs say ${fromDocs}, compiled code says ${fromCode}`);
      }
      const nested = blockStruct(property.type);
      if (nested !== undefined && property.docs?.summary === `${fromDocs} block.`) visit(nested.fqn, false);
    }
  };
  visit(configFqn, true);
  return problems;
}

/**
 * The schema of one resource or data source type: its config struct plus every
 * attribute an expression may read.
 */
export function convertResourceType(
  assembly: JsiiAssembly,
  location: TerraformTypeLocation,
  moduleJs: string,
): ResourceTypeSchema {
  const block = convertStruct(assembly, location.configFqn);
  const attributes = new Set([
    ...Object.keys(block.arguments),
    ...Object.keys(block.blocks),
    ...computedAttributes(moduleJs, location.classType.name),
  ]);
  return { ...block, attributes: [...attributes].sort() };
}
