import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DASHBOARD_FILES, type DashboardManifest } from './manifest.js';

/** The built dashboard could not be read: not built, or built by another version. */
export class DashboardUnavailableError extends Error {
  /** Directories that were searched. */
  readonly directories: readonly string[];

  constructor(directories: readonly string[], options?: { cause?: unknown }) {
    super(
      `the dashboard is not built: no readable ${DASHBOARD_FILES.manifest} in ${directories.join(' or ')} (run pnpm build)`,
      options,
    );
    this.name = 'DashboardUnavailableError';
    this.directories = directories;
  }
}

/** One asset ready to serve. */
type LoadedAsset = {
  /** `Content-Type` header. */
  contentType: string;
  /** The file. */
  body: Uint8Array;
  /** The same file, gzipped at build time. */
  gzip: Uint8Array;
};

/** A built dashboard held in memory. */
export type LoadedDashboard = {
  /** Directory it was read from. */
  directory: string;
  /** The page. */
  page: Uint8Array;
  /** `Content-Security-Policy` of the page. */
  contentSecurityPolicy: string;
  /** Assets by file name (as referenced from the page, under `assets/`). */
  assets: ReadonlyMap<string, LoadedAsset>;
};

function isManifest(value: unknown): value is DashboardManifest {
  if (typeof value !== 'object' || value === null) return false;
  const { contentSecurityPolicy, assets } = value as Record<string, unknown>;
  return (
    typeof contentSecurityPolicy === 'string' &&
    Array.isArray(assets) &&
    assets.every(
      (asset: unknown) =>
        typeof asset === 'object' &&
        asset !== null &&
        typeof (asset as Record<string, unknown>).file === 'string' &&
        typeof (asset as Record<string, unknown>).contentType === 'string',
    )
  );
}

async function loadFrom(directory: string): Promise<LoadedDashboard> {
  const manifest: unknown = JSON.parse(await readFile(join(directory, DASHBOARD_FILES.manifest), 'utf8'));
  if (!isManifest(manifest))
    throw new Error(`${DASHBOARD_FILES.manifest} in ${directory} has an unknown shape`);
  const assets = new Map<string, LoadedAsset>();
  for (const asset of manifest.assets) {
    const path = join(directory, DASHBOARD_FILES.assets, asset.file);
    const [body, gzip] = await Promise.all([readFile(path), readFile(`${path}.gz`)]);
    assets.set(asset.file, { contentType: asset.contentType, body, gzip });
  }
  return {
    directory,
    page: await readFile(join(directory, DASHBOARD_FILES.page)),
    contentSecurityPolicy: manifest.contentSecurityPolicy,
    assets,
  };
}

/**
 * Reads a built dashboard (a few hundred KiB) into memory from the first directory that
 * holds one. Called once per container; the routes then serve from memory.
 *
 * @example
 * const dashboard = await loadDashboard(['/var/task/dashboard']);
 * @throws {@link DashboardUnavailableError} when no directory holds a readable build.
 */
export async function loadDashboard(directories: readonly string[]): Promise<LoadedDashboard> {
  const failures: unknown[] = [];
  for (const directory of directories) {
    try {
      return await loadFrom(directory);
    } catch (error) {
      failures.push(error);
    }
  }
  throw new DashboardUnavailableError(directories, { cause: new AggregateError(failures) });
}
