import { STACK_SETTINGS } from '@energy/config';

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

/** An environment variable is missing or malformed; names the variable and says why. */
export class EnvironmentError extends Error {
  /** The variable at fault. */
  public readonly variable: string;

  public constructor(variable: string, reason: string) {
    super(`environment variable ${variable} ${reason}`);
    this.name = 'EnvironmentError';
    this.variable = variable;
  }
}

/**
 * Parses and validates the generator's environment.
 *
 * @example
 * const config = parseGeneratorEnvironment({ RAW_BUCKET: 'energy-dev-raw' });
 * // { bucket: 'energy-dev-raw', keyPrefix: 'readings/', siteCount: 10, anomalyProbability: 0.2, seed: 'energy-telemetry' }
 * @throws {@link EnvironmentError} naming the first variable that is missing or malformed.
 */
export function parseGeneratorEnvironment(env: NodeJS.ProcessEnv): GeneratorConfig {
  const bucket = env.RAW_BUCKET?.trim();
  if (!bucket) throw new EnvironmentError('RAW_BUCKET', 'is required but not set');

  const keyPrefix = env.KEY_PREFIX?.trim() || STACK_SETTINGS.storage.rawPrefix;
  if (!keyPrefix.endsWith('/') || keyPrefix.startsWith('/')) {
    throw new EnvironmentError(
      'KEY_PREFIX',
      `must end with "/" and not start with one, got ${JSON.stringify(keyPrefix)}`,
    );
  }

  const siteCountText = env.SITE_COUNT?.trim();
  const siteCount = siteCountText ? Number(siteCountText) : STACK_SETTINGS.generator.siteCount;
  if (!Number.isInteger(siteCount) || siteCount < 1 || siteCount > MAX_SITE_COUNT) {
    throw new EnvironmentError(
      'SITE_COUNT',
      `must be an integer between 1 and ${MAX_SITE_COUNT}, got ${JSON.stringify(siteCountText)}`,
    );
  }

  const probabilityText = env.ANOMALY_PROBABILITY?.trim();
  const anomalyProbability = probabilityText
    ? Number(probabilityText)
    : STACK_SETTINGS.generator.anomalyProbability;
  if (!Number.isFinite(anomalyProbability) || anomalyProbability < 0 || anomalyProbability > 1) {
    throw new EnvironmentError(
      'ANOMALY_PROBABILITY',
      `must be a number between 0 and 1, got ${JSON.stringify(probabilityText)}`,
    );
  }

  const seed = env.SEED?.trim() || DEFAULT_SEED;
  return { bucket, keyPrefix, siteCount, anomalyProbability, seed };
}
