/** A `.tf` file does not parse or declares something twice; `file` says which. */
export class TerraformLoadError extends Error {
  /** File at fault, relative to the repository root. */
  public readonly file: string;

  public constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(`${file}: ${message}`, options);
    this.name = 'TerraformLoadError';
    this.file = file;
  }
}

/** The committed provider schema is missing or malformed. */
export class ProviderSchemaError extends Error {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProviderSchemaError';
  }
}

/** An expression cannot be reduced to a constant without running Terraform. */
export class StaticEvaluationError extends Error {
  /** The expression, as written. */
  public readonly expression: string;

  public constructor(expression: string, reason: string, options?: { cause?: unknown }) {
    super(`cannot evaluate ${JSON.stringify(expression)} statically: ${reason}`, options);
    this.name = 'StaticEvaluationError';
    this.expression = expression;
  }
}

/** An external linter (checkov, actionlint) is not installed. */
export class ToolMissingError extends Error {
  /** The tool's name. */
  public readonly tool: string;

  public constructor(tool: string, hint: string) {
    super(`${tool} not found: ${hint}`);
    this.name = 'ToolMissingError';
    this.tool = tool;
  }
}
