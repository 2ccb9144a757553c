/** Base class of every error the local stack throws. */
export class LocalStackError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalStackError';
  }
}

/** The emulator is not installed: the project venv is missing. */
export class EmulatorNotInstalledError extends LocalStackError {
  /** Path where `moto_server` was looked for. */
  public readonly searchedPath: string;

  public constructor(searchedPath: string) {
    super(
      `moto_server not found at ${searchedPath}. Run \`make venv\` in the repository root ` +
        '(it creates .venv with the pinned moto), or set MOTO_SERVER to a moto_server executable, ' +
        'or set AWS_ENDPOINT_URL to an emulator that is already running.',
    );
    this.name = 'EmulatorNotInstalledError';
    this.searchedPath = searchedPath;
  }
}

/** The emulator did not start or did not become healthy in time. */
export class EmulatorStartError extends LocalStackError {
  /** File holding the emulator's output. */
  public readonly logFile: string | undefined;

  public constructor(message: string, logFile?: string, options?: ErrorOptions) {
    super(logFile ? `${message} (emulator log: ${logFile})` : message, options);
    this.name = 'EmulatorStartError';
    this.logFile = logFile;
  }
}

/** A resource could not be created or brought to the wanted settings. */
export class ProvisioningError extends LocalStackError {
  /** Resource being provisioned. */
  public readonly resource: string;

  public constructor(resource: string, message: string, options?: ErrorOptions) {
    super(`${resource}: ${message}`, options);
    this.name = 'ProvisioningError';
    this.resource = resource;
  }
}
