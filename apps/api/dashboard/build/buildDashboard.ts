import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import {
  DASHBOARD_FILES,
  type DashboardAsset,
  type DashboardManifest,
} from '../../src/dashboard/manifest.js';

/** Where the dashboard is built from and to. */
export type BuildDashboardOptions = {
  /** The `dashboard` source directory (holds `index.html` and `src/main.ts`). */
  sourceDir: string;
  /** Output directory, emptied first; the API ships it as `dashboard/` next to its handler. */
  outDir: string;
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

// Inline scripts of the template (no `src`), whose hashes the policy allows.
const INLINE_SCRIPT = /<script>([\s\S]*?)<\/script>/g;

const FAVICON =
  'data:image/svg+xml,' +
  encodeURIComponent(
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'><rect width='24' height='24' rx='6' fill='#16a34a'/>" +
      "<path d='M13 3 5 14h6l-1 7 8-11h-6z' fill='#fff'/></svg>",
  );

/**
 * Builds the dashboard: bundles `src/main.ts` (Chart.js included, no CDN) and its
 * stylesheet into content-hashed files under `assets/`, gzips each once at build time
 * (the Lambda then never compresses), and writes `index.html` and `manifest.json`.
 * The same sources give the same bytes, so the API zip stays reproducible.
 *
 * @example
 * const manifest = await buildDashboard({ sourceDir: 'dashboard', outDir: 'dist/dashboard' });
 */
export async function buildDashboard(options: BuildDashboardOptions): Promise<DashboardManifest> {
  const sourceDir = resolve(options.sourceDir);
  const outDir = resolve(options.outDir);
  const result = await build({
    entryPoints: { app: join(sourceDir, 'src', 'main.ts') },
    outdir: join(outDir, DASHBOARD_FILES.assets),
    entryNames: '[name]-[hash]',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    // Browsers of the last few years; anything older than these lacks ES2022 anyway.
    target: ['chrome109', 'edge109', 'firefox115', 'safari16'],
    minify: true,
    legalComments: 'eof',
    charset: 'utf8',
    write: false,
    logLevel: 'warning',
  });
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, DASHBOARD_FILES.assets), { recursive: true });

  const assets: DashboardAsset[] = [];
  for (const output of [...result.outputFiles].sort((a, b) => a.path.localeCompare(b.path))) {
    const file = basename(output.path);
    const contentType = CONTENT_TYPES[extname(file)];
    if (!contentType)
      throw new Error(`esbuild emitted ${file}, which the dashboard does not know how to serve`);
    const gzip = gzipSync(output.contents, { level: 9 });
    await writeFile(join(outDir, DASHBOARD_FILES.assets, file), output.contents);
    await writeFile(join(outDir, DASHBOARD_FILES.assets, `${file}.gz`), gzip);
    assets.push({ file, contentType, bytes: output.contents.byteLength, gzipBytes: gzip.byteLength });
  }
  const script = assets.find((asset) => asset.file.endsWith('.js'));
  const style = assets.find((asset) => asset.file.endsWith('.css'));
  if (!script || !style) throw new Error('the dashboard build produced no script or no stylesheet');

  const template = await readFile(join(sourceDir, 'index.html'), 'utf8');
  const html = fillTemplate(template, {
    FAVICON,
    APP_CSS: `${DASHBOARD_FILES.assets}/${style.file}`,
    APP_JS: `${DASHBOARD_FILES.assets}/${script.file}`,
  });
  await writeFile(join(outDir, DASHBOARD_FILES.page), html);

  const inlineScripts = [...html.matchAll(INLINE_SCRIPT)].map((match) => match[1] ?? '');
  const manifest: DashboardManifest = { contentSecurityPolicy: contentSecurityPolicy(inlineScripts), assets };
  await writeFile(join(outDir, DASHBOARD_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function fillTemplate(template: string, values: Record<string, string>): string {
  const html = template.replace(/%([A-Z_]+)%/g, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`index.html has an unknown placeholder ${placeholder}`);
    return value;
  });
  for (const name of Object.keys(values)) {
    if (!template.includes(`%${name}%`)) throw new Error(`index.html lacks the placeholder %${name}%`);
  }
  return html;
}

/**
 * The page's policy: scripts, styles and fetches from its own origin only, plus the
 * template's inline scripts by hash; images may be data URLs (the favicon). Chart.js
 * sets canvas sizes through the CSSOM, which `style-src` does not restrict.
 */
function contentSecurityPolicy(inlineScripts: readonly string[]): string {
  const hashes = inlineScripts.map(
    (script) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`,
  );
  return [
    "default-src 'none'",
    ["script-src 'self'", ...hashes].join(' '),
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
