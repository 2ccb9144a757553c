/**
 * Environment variables the API Lambda reads. Terraform and the local stack set
 * exactly these; their contract tests import this list. `API_AUTH` (how the HTTP API in front
 * authorizes, JSON) is parsed by `parseApiAuth` in `auth/apiAuth.ts`; unset = none.
 */
export const API_ENVIRONMENT_VARIABLES = [
  'READINGS_TABLE',
  'SUMMARY_TABLE',
  'CURSOR_SECRET',
  'API_AUTH',
] as const;

/** Name of one environment variable the API reads. */
export type ApiEnvironmentVariable = (typeof API_ENVIRONMENT_VARIABLES)[number];

/**
 * Key used to sign cursors when `CURSOR_SECRET` is unset (local runs and tests).
 * Cursors only need integrity, not secrecy: a forged cursor could at worst start a
 * page at another key of the same query. Deployments still set their own secret.
 */
export const LOCAL_CURSOR_SECRET = 'energy-api-local-cursor-secret-not-for-production';

/** Shortest accepted `CURSOR_SECRET`, in characters. */
export const MIN_CURSOR_SECRET_LENGTH = 32;

/** The API's settings, parsed from the environment. */
export type ApiEnvironment = {
  /** Name of the DynamoDB readings table. */
  readingsTable: string;
  /** Name of the DynamoDB summary table (aggregates and site registry). */
  summaryTable: string;
  /** HMAC key that signs pagination cursors. */
  cursorSecret: string;
};

/** An environment variable is missing or malformed; the message names it and says why. */
export class ApiEnvironmentError extends Error {
  /** The variable at fault. */
  public readonly variable: ApiEnvironmentVariable;

  public constructor(variable: ApiEnvironmentVariable, reason: string) {
    super(`environment variable ${variable} ${reason}`);
    this.name = 'ApiEnvironmentError';
    this.variable = variable;
  }
}

// DynamoDB's own table-name rule, so a typo fails at cold start rather than on the first request.
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

function tableName(env: NodeJS.ProcessEnv, variable: 'READINGS_TABLE' | 'SUMMARY_TABLE'): string {
  const value = env[variable];
  if (value === undefined || value === '') throw new ApiEnvironmentError(variable, 'is required');
  if (!TABLE_NAME.test(value)) {
    throw new ApiEnvironmentError(
      variable,
      `must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * Reads the API's settings from the environment.
 *
 * @example
 * const settings = parseApiEnvironment({ READINGS_TABLE: 'energy-dev-readings', SUMMARY_TABLE: 'energy-dev-summary' });
 * settings.cursorSecret === LOCAL_CURSOR_SECRET; // true: unset means the documented local default
 * @throws {@link ApiEnvironmentError} naming the variable and the reason.
 */
export function parseApiEnvironment(env: NodeJS.ProcessEnv = process.env): ApiEnvironment {
  const secret = env.CURSOR_SECRET;
  if (secret !== undefined && secret.length < MIN_CURSOR_SECRET_LENGTH) {
    throw new ApiEnvironmentError(
      'CURSOR_SECRET',
      `must be at least ${MIN_CURSOR_SECRET_LENGTH} characters, got ${secret.length}`,
    );
  }
  return {
    readingsTable: tableName(env, 'READINGS_TABLE'),
    summaryTable: tableName(env, 'SUMMARY_TABLE'),
    cursorSecret: secret ?? LOCAL_CURSOR_SECRET,
  };
}
