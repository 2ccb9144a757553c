import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';

/** One Lambda app and what its build produces. */
export type AppBuild = {
  /** Directory name under apps/, such as `processor`. */
  app: string;
  /** Absolute app directory. */
  dir: string;
  /** Bundle name (`--name` of the bundler), which names the zip. */
  bundleName: string;
  /** Absolute path of the zip the build writes: apps/<app>/dist/<name>.zip. */
  zipPath: string;
  /** Absolute path of the handler entry (`--entry`, default src/handler.ts). */
  entry: string;
};

/**
 * The Lambda apps under apps/ and their build outputs, read from each package.json
 * `build` script (`… bundler/src/cli.ts --name <name> [--entry <file>]`), the same
 * arguments packages/bundler turns into apps/<app>/dist/<name>.zip.
 *
 * @example
 * (await appBuilds()).map((build) => build.app); // ['api', 'generator', 'processor']
 */
export async function appBuilds(repoRoot: string = REPO_ROOT): Promise<AppBuild[]> {
  const appsDir = join(repoRoot, 'apps');
  const builds: AppBuild[] = [];
  for (const app of (await readdir(appsDir)).sort()) {
    let manifest: { scripts?: Record<string, string> };
    try {
      manifest = JSON.parse(await readFile(join(appsDir, app, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    const build = manifest.scripts?.build ?? '';
    const name = /bundler\/src\/cli\.ts\b.*--name\s+(\S+)/.exec(build)?.[1];
    if (name === undefined) continue;
    const entry = /--entry\s+(\S+)/.exec(build)?.[1] ?? 'src/handler.ts';
    const dir = join(appsDir, app);
    builds.push({
      app,
      dir,
      bundleName: name,
      zipPath: join(dir, 'dist', `${name}.zip`),
      entry: join(dir, entry),
    });
  }
  return builds;
}
