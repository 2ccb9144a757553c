import { requireVariable } from '@energy/config';

export { EnvironmentError } from '@energy/config';

/**
 * Every environment variable the summarizer reads: its own setting, then those Powertools
 * reads. Terraform and the local stack set exactly these (their contract tests import this list).
 */
export const SUMMARIZER_ENVIRONMENT_VARIABLES = [
  'SUMMARY_TABLE',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_LOG_LEVEL',
] as const;

/** One name of {@link SUMMARIZER_ENVIRONMENT_VARIABLES}. */
export type SummarizerEnvironmentVariable = (typeof SUMMARIZER_ENVIRONMENT_VARIABLES)[number];

/** The summarizer's settings, parsed from its environment. */
export type SummarizerConfig = {
  /** Summary table: contributions in, rollups and the site registry out. */
  summaryTable: string;
};

/**
 * Parses and validates the summarizer's environment.
 *
 * @example
 * parseSummarizerEnvironment({ SUMMARY_TABLE: 'energy-dev-summary' }); // { summaryTable: 'energy-dev-summary' }
 * @throws {@link EnvironmentError} naming the variable that is missing.
 */
export function parseSummarizerEnvironment(env: NodeJS.ProcessEnv): SummarizerConfig {
  return { summaryTable: requireVariable(env, 'SUMMARY_TABLE') };
}
