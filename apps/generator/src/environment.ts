import { EnvironmentError, numberVariable, requireVariable, STACK_SETTINGS } from '@energy/config';

export { EnvironmentError } from '@energy/config';

/**
 * Every environment variable the generator reads: its own settings, then those Powertools
 * reads. Terraform and the local stack set exactly these (their contract tests import this
 * list); `SEED` may be left unset (see {@link GeneratorConfig.seed}).
 */
export const GENERATOR_ENVIRONMENT_VARIABLES = [
  'RAW_BUCKET',
  'KEY_PREFIX',
  'SITE_COUNT',
  'ANOMALY_PROBABILITY',
  'SEED',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_LOG_LEVEL',
] as const;

/** Variables of {@link GENERATOR_ENVIRONMENT_VARIABLES} that may be left unset. */
export const GENERATOR_OPTIONAL_VARIABLES = ['SEED'] as const;

/** One name of {@link GENERATOR_ENVIRONMENT_VARIABLES}. */
export type GeneratorEnvironmentVariable = (typeof GENERATOR_ENVIRONMENT_VARIABLES)[number];

/** Seed used when `SEED` is unset. */
export const DEFAULT_SEED = 'energy-telemetry';

/** Most sites one tick may simulate (one file must stay small enough to process quickly). */
export const MAX_SITE_COUNT = 10_000;

/** The generator's settings, parsed from its environment. */
export type GeneratorConfig = {
  /** Bucket receiving the files. */
  bucket: string;
  /** Key prefix of the files, ending with `/` (default `readings/`). */
  keyPrefix: string;
  /** Sites simulated per tick, `site1` … `site<n>` (default 10). */
  siteCount: number;
  /** Probability, per value, of a faulty-meter reading (default 0.2). */
  anomalyProbability: number;
  /**
   * Seed of the simulation. The readings are a pure function of (seed, tick time), so a
   * retried invocation for the same scheduled time writes the same file byte for byte.
   */
  seed: string;
};

/**
 * Parses and validates the generator's environment.
 *
 * @example
 * const config = parseGeneratorEnvironment({ RAW_BUCKET: 'energy-dev-raw' });
 * // { bucket: 'energy-dev-raw', keyPrefix: 'readings/', siteCount: 10, anomalyProbability: 0.2, seed: 'energy-telemetry' }
 * @throws {@link EnvironmentError} naming the first variable that is missing or malformed.
 */
export function parseGeneratorEnvironment(env: NodeJS.ProcessEnv): GeneratorConfig {
  const bucket = requireVariable(env, 'RAW_BUCKET');

  const keyPrefix = env.KEY_PREFIX?.trim() || STACK_SETTINGS.storage.rawPrefix;
  if (!keyPrefix.endsWith('/') || keyPrefix.startsWith('/')) {
    throw new EnvironmentError(
      'KEY_PREFIX',
      `must end with "/" and not start with one, got ${JSON.stringify(keyPrefix)}`,
    );
  }

  const siteCount = numberVariable(
    env,
    'SITE_COUNT',
    { min: 1, max: MAX_SITE_COUNT, integer: true },
    STACK_SETTINGS.generator.siteCount,
  );
  const anomalyProbability = numberVariable(
    env,
    'ANOMALY_PROBABILITY',
    { min: 0, max: 1 },
    STACK_SETTINGS.generator.anomalyProbability,
  );

  const seed = env.SEED?.trim() || DEFAULT_SEED;
  return { bucket, keyPrefix, siteCount, anomalyProbability, seed };
}
