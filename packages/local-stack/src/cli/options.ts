import { LOCAL_STACK_DEFAULTS } from '../constants.js';

/** What `make stack` / `make demo` run, from flags and environment variables. */
export type CliOptions = {
  /** `stack`: emulator, provisioning, processor and API. `demo`: the same plus the generator schedule. */
  mode: 'stack' | 'demo';
  /** Emulator port (`EMULATOR_PORT`, `--emulator-port`). */
  emulatorPort: number;
  /** HTTP API port (`PORT`, `--port`). */
  apiPort: number;
  /** Sites the generator simulates (`SITES`, `--sites`). */
  sites: number | undefined;
  /** Seconds between generator runs (`RATE_SECONDS`, `--rate`). */
  rateSeconds: number;
  /** Resource prefix (`PREFIX`, `--prefix`). */
  prefix: string;
  /** Generator seed (`SEED`, `--seed`); unset = the generator's default. */
  seed: string | undefined;
  /** Seconds between progress lines (`PROGRESS_SECONDS`). */
  progressSeconds: number;
  /** Print the functions' logs here instead of to `.local/logs/functions.log` (`VERBOSE=1`, `--verbose`). */
  verbose: boolean;
  /** Existing emulator to use instead of starting one (`AWS_ENDPOINT_URL`). */
  endpoint: string | undefined;
  /** Directory of `.local/` (state and logs). */
  stateDir: string;
  /** API authorization (`AUTH`, `--auth`): `jwt` (the emulator's user pool, as deployed stages) or `none`. */
  auth: 'jwt' | 'none';
  /** Directory holding `apps/<fn>/dist/<fn>.zip`; default the repository root (`LOCAL_STACK_APPS_ROOT`). */
  appsRoot: string | undefined;
};

/** The usage text. */
export const USAGE = `usage: local-stack <stack|demo> [options]

  --emulator-port N   emulator port (env EMULATOR_PORT, default ${LOCAL_STACK_DEFAULTS.emulatorPort})
  --port N            HTTP API port (env PORT, default ${LOCAL_STACK_DEFAULTS.apiPort})
  --sites N           sites per generator run (env SITES, default from STACK_SETTINGS)
  --rate S            seconds between generator runs, demo only (env RATE_SECONDS, default ${LOCAL_STACK_DEFAULTS.demoRateSeconds})
  --prefix P          resource prefix (env PREFIX, default ${LOCAL_STACK_DEFAULTS.prefix})
  --seed S            generator seed (env SEED)
  --auth jwt|none     API authorization (env AUTH, default jwt: sign in as the demo user)
  --verbose           function logs on the terminal (env VERBOSE=1)

AWS_ENDPOINT_URL set: use that emulator, start none.`;

/** Thrown for a bad flag or value; the CLI prints it with the usage. */
export class UsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new UsageError(`${name} must be an integer between ${min} and ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/**
 * Reads the options: flags first, then environment variables, then defaults.
 *
 * @example
 * parseCliOptions(['demo', '--sites', '20'], process.env, '/repo/.local');
 */
export function parseCliOptions(argv: string[], env: NodeJS.ProcessEnv, stateDir: string): CliOptions {
  const [mode, ...rest] = argv;
  if (mode !== 'stack' && mode !== 'demo')
    throw new UsageError(`unknown command ${JSON.stringify(mode ?? '')}`);
  const flags: Record<string, string> = {};
  let verbose = env.VERBOSE === '1' || env.VERBOSE === 'true';
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i] as string;
    if (flag === '--verbose') {
      verbose = true;
      continue;
    }
    const value = rest[i + 1];
    if (!flag.startsWith('--') || value === undefined) throw new UsageError(`unexpected argument ${flag}`);
    flags[flag.slice(2)] = value;
    i++;
  }
  const known = new Set(['emulator-port', 'port', 'sites', 'rate', 'prefix', 'seed', 'auth']);
  for (const name of Object.keys(flags))
    if (!known.has(name)) throw new UsageError(`unknown option --${name}`);
  const sitesRaw = flags.sites ?? env.SITES;
  const auth = flags.auth ?? (env.AUTH || 'jwt');
  if (auth !== 'jwt' && auth !== 'none')
    throw new UsageError(`AUTH must be jwt or none, got ${JSON.stringify(auth)}`);
  return {
    mode,
    emulatorPort: integer(
      'EMULATOR_PORT',
      flags['emulator-port'] ?? env.EMULATOR_PORT,
      LOCAL_STACK_DEFAULTS.emulatorPort,
      0,
      65_535,
    ),
    apiPort: integer('PORT', flags.port ?? env.PORT, LOCAL_STACK_DEFAULTS.apiPort, 0, 65_535),
    sites: sitesRaw === undefined || sitesRaw === '' ? undefined : integer('SITES', sitesRaw, 10, 1, 10_000),
    rateSeconds: integer(
      'RATE_SECONDS',
      flags.rate ?? env.RATE_SECONDS,
      LOCAL_STACK_DEFAULTS.demoRateSeconds,
      1,
      86_400,
    ),
    prefix: flags.prefix ?? env.PREFIX ?? LOCAL_STACK_DEFAULTS.prefix,
    seed: flags.seed ?? (env.SEED || undefined),
    progressSeconds: integer('PROGRESS_SECONDS', env.PROGRESS_SECONDS, 3, 1, 3_600),
    verbose,
    endpoint: env.AWS_ENDPOINT_URL || undefined,
    stateDir,
    appsRoot: env.LOCAL_STACK_APPS_ROOT || undefined,
    auth,
  };
}
