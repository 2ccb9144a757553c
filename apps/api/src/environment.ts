import { defineEnvironment, EnvironmentError, type VariableReader } from '@energy/config';
import { type ApiAuth, parseApiAuth } from './auth/apiAuth.js';

export { EnvironmentError } from '@energy/config';

/**
 * Key used to sign cursors when `CURSOR_SECRET` is unset (local runs and tests).
 * Cursors only need integrity, not secrecy: a forged cursor could at worst start a
 * page at another key of the same query. Deployments still set their own secret.
 */
export const LOCAL_CURSOR_SECRET = 'energy-api-local-cursor-secret-not-for-production';

/** Shortest accepted `CURSOR_SECRET`, in characters. */
const MIN_CURSOR_SECRET_LENGTH = 32;

// DynamoDB's own table-name rule, so a typo fails at cold start rather than on the first request.
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

const tableName: VariableReader<string> = (raw, name) => {
  if (raw === undefined) throw new EnvironmentError(name, 'is required');
  if (!TABLE_NAME.test(raw)) {
    throw new EnvironmentError(
      name,
      `must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -), got ${JSON.stringify(raw)}`,
    );
  }
  return raw;
};

const cursorSecret: VariableReader<string> = (raw, name) => {
  if (raw === undefined) return LOCAL_CURSOR_SECRET;
  if (raw.length < MIN_CURSOR_SECRET_LENGTH) {
    throw new EnvironmentError(
      name,
      `must be at least ${MIN_CURSOR_SECRET_LENGTH} characters, got ${raw.length}`,
    );
  }
  return raw;
};

/** The API's environment, declared once: the names below and the parser both come from it. */
const API_ENVIRONMENT = defineEnvironment({
  READINGS_TABLE: { read: tableName },
  SUMMARY_TABLE: { read: tableName },
  CURSOR_SECRET: { read: cursorSecret, optional: true },
  // How the HTTP API in front authorizes (JSON; see auth/apiAuth.ts). Always set by Terraform
  // and the local stack; unset means no authorizer.
  API_AUTH: { read: (raw) => parseApiAuth(raw === undefined ? {} : { API_AUTH: raw }) },
});

/**
 * Environment variables the API Lambda reads. Terraform and the local stack set
 * exactly these; their contract tests import this list.
 */
export const API_ENVIRONMENT_VARIABLES = API_ENVIRONMENT.variables;

/** Variables of {@link API_ENVIRONMENT_VARIABLES} that deployments may leave unset. */
export const API_OPTIONAL_VARIABLES = API_ENVIRONMENT.optionalVariables;

/** The API's settings, parsed from the environment. */
export type ApiEnvironment = {
  /** Name of the DynamoDB readings table. */
  readingsTable: string;
  /** Name of the DynamoDB summary table (aggregates and site registry). */
  summaryTable: string;
  /** HMAC key that signs pagination cursors. */
  cursorSecret: string;
  /** How the HTTP API in front of the function authorizes requests (unset: read `API_AUTH`). */
  auth?: ApiAuth;
};

/**
 * Reads the API's settings from the environment.
 *
 * @example
 * const settings = parseApiEnvironment({ READINGS_TABLE: 'energy-dev-readings', SUMMARY_TABLE: 'energy-dev-summary' });
 * settings.cursorSecret === LOCAL_CURSOR_SECRET; // true: unset means the documented local default
 * @throws {@link EnvironmentError} naming the variable and the reason.
 */
export function parseApiEnvironment(env: NodeJS.ProcessEnv = process.env): ApiEnvironment {
  const values = API_ENVIRONMENT.read(env);
  return {
    readingsTable: values.READINGS_TABLE,
    summaryTable: values.SUMMARY_TABLE,
    cursorSecret: values.CURSOR_SECRET,
    auth: values.API_AUTH,
  };
}
