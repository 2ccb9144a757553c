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

/** A function's bundle could not be loaded. */
export class BundleLoadError extends LocalStackError {
  /** The zip or directory that failed. */
  public readonly bundlePath: string;

  public constructor(bundlePath: string, message: string, options?: ErrorOptions) {
    super(`${bundlePath}: ${message}`, options);
    this.name = 'BundleLoadError';
    this.bundlePath = bundlePath;
  }
}

/** An invocation failed: the handler threw or rejected, as Lambda reports it. */
export class LambdaInvocationError extends LocalStackError {
  /** Function name. */
  public readonly functionName: string;
  /** `errorType` as Lambda reports it (the thrown error's name). */
  public readonly errorType: string;
  /** Stack trace lines of the thrown error. */
  public readonly trace: string[];

  public constructor(functionName: string, errorType: string, errorMessage: string, trace: string[] = []) {
    super(`${functionName} failed: ${errorType}: ${errorMessage}`);
    this.name = 'LambdaInvocationError';
    this.functionName = functionName;
    this.errorType = errorType;
    this.trace = trace;
  }
}

/** An invocation ran past the function's timeout; its execution environment was discarded. */
export class LambdaTimeoutError extends LambdaInvocationError {
  /** Timeout in force, seconds. */
  public readonly timeoutSeconds: number;

  public constructor(functionName: string, timeoutSeconds: number) {
    super(functionName, 'Sandbox.Timedout', `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`);
    this.name = 'LambdaTimeoutError';
    this.timeoutSeconds = timeoutSeconds;
  }
}
