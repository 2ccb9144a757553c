import { readFile } from 'node:fs/promises';
import { ProviderSchemaError } from './errors.js';
import { PROVIDER_SCHEMA_PATH } from './paths.js';

/** Coarse value type of an argument: enough to tell a map argument from a block. */
type ArgumentType = 'string' | 'number' | 'bool' | 'list' | 'map' | 'object' | 'any';

/** One argument of a resource or nested block. */
type ArgumentSchema = {
  /** Whether Terraform rejects the block without it. */
  required: boolean;
  /** Coarse value type. */
  type: ArgumentType;
};

/** One nested block type. */
type NestedBlockSchema = {
  /** `single`: at most one block (max_items = 1); `list`: any number. */
  nesting: 'single' | 'list';
  /** Whether at least one block is required (min_items ≥ 1). */
  required: boolean;
  /** What the block may contain. */
  block: BlockSchema;
};

/** What a block may contain. */
export type BlockSchema = {
  /** Arguments by Terraform (snake_case) name. */
  arguments: Record<string, ArgumentSchema>;
  /** Nested block types by name. */
  blocks: Record<string, NestedBlockSchema>;
};

/** A resource or data source type. */
type ResourceTypeSchema = BlockSchema & {
  /** Every attribute an expression may read (`aws_x.y.<attr>`): arguments and computed attributes. */
  attributes: string[];
};

/**
 * The committed extract of the AWS provider 6.x schema (infra/schema/aws-provider.json), kept
 * until a 6.x provider can be installed here (then `terraform providers schema -json` replaces it).
 */
export type ProviderSchema = {
  /** How the file was made (command to re-run). */
  generatedBy: string;
  /** npm package the schema was read from. */
  package: string;
  /** Its version. */
  packageVersion: string;
  /** Provider source address it wraps, such as `registry.terraform.io/hashicorp/aws`. */
  provider: string;
  /** Provider version it wraps; versions.tf must admit it. */
  providerVersion: string;
  /** Managed resource types used by infra/, by type name. */
  resources: Record<string, ResourceTypeSchema>;
  /** Data source types used by infra/, by type name. */
  dataSources: Record<string, ResourceTypeSchema>;
};

/**
 * Reads the committed provider schema.
 *
 * @example
 * const schema = await loadProviderSchema();
 * schema.resources.aws_sqs_queue?.arguments.visibility_timeout_seconds; // { required: false, type: 'number' }
 * @throws {@link ProviderSchemaError} when the file is missing or not a schema.
 */
export async function loadProviderSchema(path: string = PROVIDER_SCHEMA_PATH): Promise<ProviderSchema> {
  let parsed: Partial<ProviderSchema>;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<ProviderSchema>;
  } catch (error) {
    throw new ProviderSchemaError(`cannot read ${path}`, {
      cause: error,
    });
  }
  if (
    typeof parsed.providerVersion !== 'string' ||
    typeof parsed.resources !== 'object' ||
    typeof parsed.dataSources !== 'object'
  ) {
    throw new ProviderSchemaError(`${path} lacks providerVersion, resources or dataSources`);
  }
  return parsed as ProviderSchema;
}
