import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';

/** Raised when an asset directory cannot be shipped as asked. */
export class AssetDirectoryError extends Error {
  /** The directory at fault, as given. */
  readonly directory: string;

  constructor(directory: string, reason: string, options?: { cause?: unknown }) {
    super(`asset directory ${JSON.stringify(directory)}: ${reason}`, options);
    this.name = 'AssetDirectoryError';
    this.directory = directory;
  }
}

/**
 * Reads every regular file under `directory` into zip entries named
 * `<basename(directory)>/<path inside it>` with `/` separators, so that a
 * built asset folder such as `dist/dashboard` lands next to the handler as
 * `dashboard/…`. Entry order does not matter: {@link deterministicZip} sorts.
 *
 * @example
 * const files = await collectAssets('dist/dashboard', process.cwd());
 * // { 'dashboard/index.html': Uint8Array, 'dashboard/assets/app.3f2a.js': Uint8Array }
 */
export async function collectAssets(directory: string, cwd: string): Promise<Record<string, Uint8Array>> {
  const root = resolve(cwd, directory);
  const prefix = basename(root);
  if (prefix === 'index.mjs') throw new AssetDirectoryError(directory, 'would collide with the handler file');
  const files: Record<string, Uint8Array> = {};
  let paths: string[];
  try {
    paths = await listFiles(root);
  } catch (error) {
    throw new AssetDirectoryError(directory, 'cannot be read (build it first?)', { cause: error });
  }
  if (paths.length === 0) throw new AssetDirectoryError(directory, 'holds no files');
  for (const path of paths) {
    const inside = relative(root, path).split(sep).join('/');
    files[`${prefix}/${inside}`] = new Uint8Array(await readFile(path));
  }
  return files;
}

// Only regular files: a symlink or socket in a build output is a mistake, not an asset.
async function listFiles(directory: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) found.push(...(await listFiles(path)));
    else if (entry.isFile()) found.push(path);
  }
  return found;
}
