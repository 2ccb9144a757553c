import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, sep } from 'node:path';
import { unzipSync } from 'fflate';
import { BundleLoadError } from '../errors.js';

/** A bundle unpacked into a directory of its own, as Lambda unpacks a zip into /var/task. */
export type UnpackedBundle = {
  /** Directory holding the zip's files (the task root). */
  dir: string;
  /** Absolute path of the handler module. */
  entry: string;
  /** Name of the exported handler function. */
  handlerName: string;
  /** Removes the directory. */
  remove: () => Promise<void>;
};

/**
 * Unzips a built Lambda bundle (`apps/<fn>/dist/<fn>.zip`) into a new temp directory and
 * resolves its handler setting (`index.handler` → `<dir>/index.mjs`, export `handler`).
 *
 * @example
 * const bundle = await unpackBundle('apps/processor/dist/processor.zip');
 */
export async function unpackBundle(zipPath: string, handler = 'index.handler'): Promise<UnpackedBundle> {
  if (!existsSync(zipPath)) {
    throw new BundleLoadError(zipPath, 'not found; build the functions first with `make build`');
  }
  const dot = handler.lastIndexOf('.');
  if (dot <= 0)
    throw new BundleLoadError(zipPath, `handler ${JSON.stringify(handler)} is not <module>.<export>`);
  const moduleName = handler.slice(0, dot);
  const handlerName = handler.slice(dot + 1);
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(new Uint8Array(await readFile(zipPath)));
  } catch (error) {
    throw new BundleLoadError(zipPath, 'is not a readable zip', { cause: error });
  }
  const dir = await mkdtemp(join(tmpdir(), 'energy-lambda-'));
  for (const [name, content] of Object.entries(files)) {
    if (name.endsWith('/')) continue;
    const target = normalize(join(dir, name));
    if (!target.startsWith(dir + sep)) throw new BundleLoadError(zipPath, `entry ${name} escapes the bundle`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  const candidates = ['.mjs', '.js', '.cjs'].map((extension) => join(dir, `${moduleName}${extension}`));
  const entry = candidates.find((candidate) => existsSync(candidate));
  if (!entry) {
    await rm(dir, { recursive: true, force: true });
    throw new BundleLoadError(zipPath, `has no ${moduleName}.mjs/.js/.cjs for handler ${handler}`);
  }
  return { dir, entry, handlerName, remove: () => rm(dir, { recursive: true, force: true }) };
}
