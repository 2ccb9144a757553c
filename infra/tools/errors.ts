/** The committed provider schema is missing or malformed. */
export class ProviderSchemaError extends Error {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProviderSchemaError';
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
