import { EnvironmentError } from './errors.js';

/**
 * Turns one variable's raw value into a setting. `raw` is the trimmed value, `undefined`
 * when the variable is unset or blank; `name` is for error messages.
 */
export type VariableReader<T> = (raw: string | undefined, name: string) => T;

/** One variable of an {@link EnvironmentSpec}. */
type VariableSpec<T> = {
  /** Reads the variable; throws an {@link EnvironmentError} naming it and the reason. */
  read: VariableReader<T>;
  /**
   * Deployments may leave it unset (the reader has a default). The local stack's contract
   * test lets such variables be absent from a function's definition.
   */
  optional?: boolean;
};

/** Every variable a function reads, by name. */
export type EnvironmentSpec = Record<string, VariableSpec<unknown>>;

/** The settings an {@link EnvironmentSpec} reads, by variable name. */
type EnvironmentValues<S extends EnvironmentSpec> = {
  [K in keyof S]: S[K] extends VariableSpec<infer T> ? T : never;
};

/** What {@link defineEnvironment} returns: the names and the reader, from one spec. */
export type EnvironmentDefinition<S extends EnvironmentSpec> = {
  /** Every variable the function reads, in spec order (Terraform and the local stack set these). */
  variables: readonly (keyof S & string)[];
  /** The variables deployments may leave unset. */
  optionalVariables: readonly (keyof S & string)[];
  /**
   * Reads every variable of the spec, and only those.
   * @throws {@link EnvironmentError} naming the first variable that is missing or malformed.
   */
  read: (env: NodeJS.ProcessEnv) => EnvironmentValues<S>;
};

/**
 * Declares a function's environment once: the list of names that Terraform and the local
 * stack must set, and the parser, both come from the same spec, so they cannot drift.
 *
 * @example
 * const ENV = defineEnvironment({
 *   RAW_BUCKET: { read: required },
 *   SITE_COUNT: { read: integer({ min: 1, max: 10_000 }, 10), optional: true },
 * });
 * ENV.variables; // ['RAW_BUCKET', 'SITE_COUNT']
 * ENV.read(process.env).SITE_COUNT; // 10 when unset
 */
export function defineEnvironment<S extends EnvironmentSpec>(spec: S): EnvironmentDefinition<S> {
  const variables = Object.keys(spec) as (keyof S & string)[];
  return {
    variables,
    optionalVariables: variables.filter((name) => spec[name]?.optional === true),
    read: (env) => {
      const values: Record<string, unknown> = {};
      for (const name of variables) {
        // Blank (empty or only spaces) counts as unset, as in every reader below.
        values[name] = (spec[name] as VariableSpec<unknown>).read(env[name]?.trim() || undefined, name);
      }
      return values as EnvironmentValues<S>;
    },
  };
}

/**
 * The names a parser reads from the environment it is given: a test proves with it that a
 * function reads exactly the variables it lists (and so exactly those Terraform sets).
 *
 * @example
 * expect(variablesRead(parseApiEnvironment, validEnv)).toStrictEqual([...API_ENVIRONMENT_VARIABLES].sort());
 */
export function variablesRead(parse: (env: NodeJS.ProcessEnv) => unknown, env: NodeJS.ProcessEnv): string[] {
  const read = new Set<string>();
  const recording = new Proxy(env, {
    get(target, property, receiver) {
      if (typeof property === 'string') read.add(property);
      return Reflect.get(target, property, receiver);
    },
  });
  parse(recording);
  return [...read].sort();
}

/** Reader of a required, non-blank variable. */
export const required: VariableReader<string> = (raw, name) => {
  if (raw === undefined) throw new EnvironmentError(name, 'is required but not set');
  return raw;
};

/** Reader of a required SNS topic ARN (`arn:…`): a queue URL or a bare name fails at cold start. */
export const topicArn: VariableReader<string> = (raw, name) => {
  const arn = required(raw, name);
  if (!arn.startsWith('arn:'))
    throw new EnvironmentError(name, `must be an SNS topic ARN, got ${JSON.stringify(arn)}`);
  return arn;
};

/** Reader of a variable that may be unset: its value, or `fallback`. */
export function optional(fallback: string): VariableReader<string>;
/** Reader of a variable that may be unset: its value, or `undefined`. */
export function optional(): VariableReader<string | undefined>;
export function optional(fallback?: string): VariableReader<string | undefined> {
  return (raw) => raw ?? fallback;
}

/**
 * Reader of a variable that Powertools reads itself (`POWERTOOLS_SERVICE_NAME`,
 * `POWERTOOLS_LOG_LEVEL`): listed in a function's spec so Terraform and the local stack set
 * it like the others, passed through unchecked.
 */
export const readByPowertools: VariableReader<string | undefined> = (raw) => raw;
