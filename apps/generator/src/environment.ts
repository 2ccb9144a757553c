import {
  defineEnvironment,
  EnvironmentError,
  finiteNumber,
  optional,
  readByPowertools,
  required,
  STACK_SETTINGS,
  type VariableReader,
} from '@energy/config';

export { EnvironmentError } from '@energy/config';

/** Seed used when `SEED` is unset. */
export const DEFAULT_SEED = 'energy-telemetry';

/** Most sites one tick may simulate (one file must stay small enough to process quickly). */
const MAX_SITE_COUNT = 10_000;

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

const keyPrefix: VariableReader<string> = (raw, name) => {
  const prefix = raw ?? STACK_SETTINGS.storage.rawPrefix;
  if (!prefix.endsWith('/') || prefix.startsWith('/')) {
    throw new EnvironmentError(
      name,
      `must end with "/" and not start with one, got ${JSON.stringify(prefix)}`,
    );
  }
  return prefix;
};

/** The generator's environment, declared once: the names below and the parser both come from it. */
const GENERATOR_ENVIRONMENT = defineEnvironment({
  RAW_BUCKET: { read: required },
  KEY_PREFIX: { read: keyPrefix },
  SITE_COUNT: {
    read: finiteNumber({ min: 1, max: MAX_SITE_COUNT, integer: true }, STACK_SETTINGS.generator.siteCount),
  },
  ANOMALY_PROBABILITY: {
    read: finiteNumber({ min: 0, max: 1 }, STACK_SETTINGS.generator.anomalyProbability),
  },
  SEED: { read: optional(DEFAULT_SEED), optional: true },
  POWERTOOLS_SERVICE_NAME: { read: readByPowertools },
  POWERTOOLS_LOG_LEVEL: { read: readByPowertools },
});

/**
 * Every environment variable the generator reads: its own settings, then those Powertools
 * reads. Terraform and the local stack set exactly these (their contract tests import this
 * list); `SEED` may be left unset (see {@link GeneratorConfig.seed}).
 */
export const GENERATOR_ENVIRONMENT_VARIABLES = GENERATOR_ENVIRONMENT.variables;

/**
 * Variables of {@link GENERATOR_ENVIRONMENT_VARIABLES} that may be left unset. The contract
 * tests find it by its name's suffix (`*_OPTIONAL_VARIABLES`), not by an import.
 * @public
 */
export const GENERATOR_OPTIONAL_VARIABLES = GENERATOR_ENVIRONMENT.optionalVariables;

/**
 * Parses and validates the generator's environment.
 *
 * @example
 * const config = parseGeneratorEnvironment({ RAW_BUCKET: 'energy-dev-raw' });
 * // { bucket: 'energy-dev-raw', keyPrefix: 'readings/', siteCount: 10, anomalyProbability: 0.2, seed: 'energy-telemetry' }
 * @throws {@link EnvironmentError} naming the first variable that is missing or malformed.
 */
export function parseGeneratorEnvironment(env: NodeJS.ProcessEnv): GeneratorConfig {
  const values = GENERATOR_ENVIRONMENT.read(env);
  return {
    bucket: values.RAW_BUCKET,
    keyPrefix: values.KEY_PREFIX,
    siteCount: values.SITE_COUNT,
    anomalyProbability: values.ANOMALY_PROBABILITY,
    seed: values.SEED,
  };
}
