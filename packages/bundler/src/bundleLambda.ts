import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { collectAssets } from './collectAssets.js';
import { deterministicZip } from './deterministicZip.js';

/** What to bundle. */
export type BundleOptions = {
  /** Function name; the zip is `dist/<name>.zip`. */
  name: string;
  /** Handler entry file, relative to `cwd`. */
  entry: string;
  /** Package directory. */
  cwd: string;
  /**
   * Built directories (relative to `cwd`) shipped next to the handler: each
   * lands in the zip and in `dist/<name>/` under its own base name, e.g.
   * `dist/dashboard` → `dashboard/…`. Build them before bundling.
   */
  assets?: readonly string[];
};

/** What was built. */
export type BundleResult = {
  /** Path of the zip. */
  zipPath: string;
  /** Size of the bundled `index.mjs`, bytes. */
  bundleBytes: number;
  /** Size of the zip, bytes. */
  zipBytes: number;
  /** sha256 of the zip, hex. */
  zipSha256: string;
};

// ESM bundles lose `require`, `__filename` and `__dirname`; some dependencies
// (Powertools among them) still reach for them at run time.
const ESM_REQUIRE_SHIM = [
  "import { createRequire as __createRequire } from 'node:module';",
  "import { fileURLToPath as __fileURLToPath } from 'node:url';",
  "import { dirname as __pathDirname } from 'node:path';",
  'const require = __createRequire(import.meta.url);',
  'const __filename = __fileURLToPath(import.meta.url);',
  'const __dirname = __pathDirname(__filename);',
  // Stack traces in CloudWatch point at `src/…ts` lines through the shipped `index.mjs.map`,
  // without asking every deployment to set NODE_OPTIONS=--enable-source-maps.
  'process.setSourceMapsEnabled(true);',
].join('\n');

/**
 * Bundles a handler into `dist/<name>/index.mjs` (one minified ESM file, AWS SDK v3
 * included, targeting Lambda's nodejs22.x, with a linked source map that the bundle turns on
 * itself) and zips it into `dist/<name>.zip`,
 * whose handler setting is `index.handler`. Optional asset directories ride along
 * (see {@link BundleOptions.assets}).
 *
 * @example
 * await bundleLambda({ name: 'processor', entry: 'src/handler.ts', cwd: process.cwd() });
 */
export async function bundleLambda(options: BundleOptions): Promise<BundleResult> {
  const dist = resolve(options.cwd, 'dist');
  const outDir = join(dist, options.name);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const result = await build({
    entryPoints: [resolve(options.cwd, options.entry)],
    outfile: join(outDir, 'index.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    // Names survive minification so that stack traces and error.name stay readable in CloudWatch.
    keepNames: true,
    legalComments: 'eof',
    // Mappings only: the sources themselves stay out of the zip. Paths in the map are
    // relative to the bundle, so the zip stays byte-identical from any checkout location.
    sourcemap: 'linked',
    sourcesContent: false,
    banner: { js: ESM_REQUIRE_SHIM },
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'warning',
  });
  const output = result.outputFiles.find((file) => file.path.endsWith('index.mjs'));
  const sourceMap = result.outputFiles.find((file) => file.path.endsWith('index.mjs.map'));
  if (!output || !sourceMap)
    throw new Error(`esbuild produced no bundle or no source map for ${options.entry}`);
  const files: Record<string, Uint8Array> = {
    'index.mjs': output.contents,
    'index.mjs.map': sourceMap.contents,
  };
  for (const directory of options.assets ?? []) {
    for (const [name, contents] of Object.entries(await collectAssets(directory, options.cwd))) {
      if (name in files) throw new Error(`asset ${name} is shipped twice (check --assets)`);
      files[name] = contents;
    }
  }
  // The unzipped copy mirrors the zip so that the local stack runs exactly what Lambda gets.
  for (const [name, contents] of Object.entries(files)) {
    await mkdir(dirname(join(outDir, name)), { recursive: true });
    await writeFile(join(outDir, name), contents);
  }
  const zip = deterministicZip(files);
  const zipPath = join(dist, `${options.name}.zip`);
  await writeFile(zipPath, zip);
  return {
    zipPath,
    bundleBytes: output.contents.byteLength,
    zipBytes: zip.byteLength,
    zipSha256: createHash('sha256').update(zip).digest('hex'),
  };
}
