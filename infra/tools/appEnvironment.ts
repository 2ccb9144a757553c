import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppBuild } from './appBuilds.js';

/**
 * The environment variables an app's handler reads: the `<APP>_ENVIRONMENT_VARIABLES`
 * list exported by apps/<app>/src/environment.ts (the list the handler parses and the
 * local stack sets). Undefined when the app has no such module or export.
 *
 * @example
 * await appEnvironmentVariables(build); // ['READINGS_TABLE', 'SUMMARY_TABLE', 'CURSOR_SECRET']
 */
export async function appEnvironmentVariables(build: AppBuild): Promise<readonly string[] | undefined> {
  const file = join(build.dir, 'src', 'environment.ts');
  if (!existsSync(file)) return undefined;
  const exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const [list] = Object.entries(exports)
    .filter(([name, value]) => /_ENVIRONMENT_VARIABLES$/.test(name) && Array.isArray(value))
    .map(([, value]) => value as string[]);
  return list;
}
