import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppBuild } from './appBuilds.js';

/** The environment variables an app reads, and those of them it may go without. */
export type AppEnvironment = {
  /** Every variable the handler reads (`<APP>_ENVIRONMENT_VARIABLES`). */
  reads: readonly string[];
  /** Those with a default in the code (`<APP>_OPTIONAL_VARIABLES`), which a deployment may leave unset. */
  optional: readonly string[];
};

/**
 * The environment variables an app's handler reads: the `<APP>_ENVIRONMENT_VARIABLES`
 * list exported by apps/<app>/src/environment.ts (the list the handler parses and the
 * local stack sets), and its `<APP>_OPTIONAL_VARIABLES` when it has one. Undefined when
 * the app has no such module or export.
 *
 * @example
 * (await appEnvironmentVariables(build))?.reads; // ['READINGS_TABLE', 'SUMMARY_TABLE', 'CURSOR_SECRET']
 */
export async function appEnvironmentVariables(build: AppBuild): Promise<AppEnvironment | undefined> {
  const file = join(build.dir, 'src', 'environment.ts');
  if (!existsSync(file)) return undefined;
  const exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const listOf = (suffix: RegExp) =>
    Object.entries(exports)
      .filter(([name, value]) => suffix.test(name) && Array.isArray(value))
      .map(([, value]) => value as string[])[0];
  const reads = listOf(/_ENVIRONMENT_VARIABLES$/);
  return reads === undefined ? undefined : { reads, optional: listOf(/_OPTIONAL_VARIABLES$/) ?? [] };
}
