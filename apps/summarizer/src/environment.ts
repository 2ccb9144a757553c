import { defineEnvironment, readByPowertools, required } from '@energy/config';

export { EnvironmentError } from '@energy/config';

/** The summarizer's environment, declared once: the names below and the parser both come from it. */
const SUMMARIZER_ENVIRONMENT = defineEnvironment({
  SUMMARY_TABLE: { read: required },
  POWERTOOLS_SERVICE_NAME: { read: readByPowertools },
  POWERTOOLS_LOG_LEVEL: { read: readByPowertools },
});

/**
 * Every environment variable the summarizer reads: its own setting, then those Powertools
 * reads. Terraform and the local stack set exactly these (their contract tests import this list).
 * @public (the contract tests find it by its name's suffix, not by an import)
 */
export const SUMMARIZER_ENVIRONMENT_VARIABLES = SUMMARIZER_ENVIRONMENT.variables;

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
  return { summaryTable: SUMMARIZER_ENVIRONMENT.read(env).SUMMARY_TABLE };
}
