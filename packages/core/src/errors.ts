/** Base class of every error the domain raises. */
class EnergyDomainError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EnergyDomainError';
  }
}

/**
 * The payload as a whole cannot be read: it is empty, not JSON, or its
 * structure breaks before any record can be told apart. Permanent: retrying
 * the same bytes gives the same error.
 */
export class PayloadFormatError extends EnergyDomainError {
  /** 1-based line where reading stopped. */
  public readonly line: number;

  public constructor(message: string, line: number, options?: ErrorOptions) {
    super(`${message} (line ${line})`, options);
    this.name = 'PayloadFormatError';
    this.line = line;
  }
}

/** A value that should be a timestamp or date is not one. */
export class InvalidTimestampError extends EnergyDomainError {
  /** The offending input. */
  public readonly input: unknown;

  public constructor(input: unknown, reason: string) {
    super(reason);
    this.name = 'InvalidTimestampError';
    this.input = input;
  }
}
