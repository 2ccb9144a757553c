/**
 * An environment variable is missing or malformed; names the variable and says why.
 *
 * @example
 * throw new EnvironmentError('RAW_BUCKET', 'is required but not set');
 * // message: 'environment variable RAW_BUCKET is required but not set'
 */
export class EnvironmentError extends Error {
  /** The variable at fault. */
  public readonly variable: string;

  public constructor(variable: string, reason: string, options?: ErrorOptions) {
    super(`environment variable ${variable} ${reason}`, options);
    this.name = 'EnvironmentError';
    this.variable = variable;
  }
}
