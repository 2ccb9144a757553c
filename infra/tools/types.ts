/**
 * A value as `@cdktf/hcl2json` renders it: literals as JSON, every expression as a
 * `${...}` template string, blocks as arrays of objects.
 */
export type HclValue = string | number | boolean | null | HclValue[] | { [key: string]: HclValue };

/** The body of a block (resource, data, module call, nested block) as hcl2json renders it. */
export type HclBody = { [key: string]: HclValue };

/** A `variable` block. */
export type VariableDeclaration = {
  /** Variable name. */
  name: string;
  /** File that declares it. */
  file: string;
  /** Whether it has a `default` (a variable without one must be passed or set in tfvars). */
  hasDefault: boolean;
  /** The default as hcl2json renders it, `undefined` when absent. */
  default: HclValue | undefined;
  /** The whole block body (type, description, validation). */
  body: HclBody;
};

/** A `resource` or `data` block. */
export type ResourceBlock = {
  /** `managed` for `resource`, `data` for `data`. */
  mode: 'managed' | 'data';
  /** Resource type, such as `aws_sqs_queue`. */
  type: string;
  /** Local name, such as `this`. */
  name: string;
  /** File that declares it. */
  file: string;
  /** Block body. */
  body: HclBody;
};

/** A `module` block. */
export type ModuleCall = {
  /** Call name (`module.<name>`). */
  name: string;
  /** File that declares it. */
  file: string;
  /** `source` argument. */
  source: string;
  /** Block body including `source`. */
  body: HclBody;
};

/** An `output` block. */
export type OutputDeclaration = {
  /** Output name. */
  name: string;
  /** File that declares it. */
  file: string;
  /** Block body. */
  body: HclBody;
};

/** A `locals` entry. */
export type LocalValue = {
  /** Local name (`local.<name>`). */
  name: string;
  /** File that defines it. */
  file: string;
  /** Its expression as hcl2json renders it. */
  value: HclValue;
};

/** One Terraform module (a directory of `.tf` files), parsed. */
export type TerraformModule = {
  /** Absolute directory. */
  dir: string;
  /** Absolute paths of its `.tf` files, sorted. */
  files: string[];
  /** Raw text of each file, keyed by absolute path (for comments and line numbers). */
  sources: Map<string, string>;
  /** Variables by name. */
  variables: Map<string, VariableDeclaration>;
  /** Locals by name. */
  locals: Map<string, LocalValue>;
  /** Outputs by name. */
  outputs: Map<string, OutputDeclaration>;
  /** Managed resources and data sources, in file order. */
  resources: ResourceBlock[];
  /** Module calls by name. */
  modules: Map<string, ModuleCall>;
  /** `terraform` blocks (required_version, required_providers, backend). */
  terraformBlocks: HclBody[];
  /** `provider` blocks by provider name. */
  providers: Map<string, HclBody[]>;
};

/** A root module and every local module it calls, directly or not. */
export type TerraformConfiguration = {
  /** The root module. */
  root: TerraformModule;
  /** Every module by absolute directory, the root included. */
  modules: Map<string, TerraformModule>;
};

/** One problem a check found. */
export type Finding = {
  /** Check that found it, such as `references`. */
  check: string;
  /** File, relative to the repository root. */
  file: string;
  /** 1-based line when known. */
  line?: number;
  /** Terraform address of the block at fault, such as `aws_sqs_queue.this`. */
  address: string;
  /** What is wrong and why, in one sentence. */
  message: string;
};
