import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build } from 'esbuild';
import { DASHBOARD_FILES, type DashboardManifest } from '../../src/dashboardAssets/manifest.js';

/** Where the dashboard is built from and to. */
export type BuildDashboardOptions = {
  /** The `dashboard` source directory (holds `index.html`, `src/main.ts` and `src/styles.css`). */
  sourceDir: string;
  /** Output directory, emptied first; the API ships it as `dashboard/` next to its handler. */
  outDir: string;
};

const ESBUILD_COMMON: BuildOptions = {
  bundle: true,
  minify: true,
  // Browsers of the last few years; anything older lacks ES2022 or CSS nesting anyway.
  target: ['chrome109', 'edge109', 'firefox115', 'safari16'],
  legalComments: 'eof',
  charset: 'utf8',
  write: false,
  logLevel: 'warning',
};

// `%NAME%` anywhere, or `/*%NAME%*/` where only a comment keeps the template valid CSS.
const PLACEHOLDER = /\/\*%([A-Z_]+)%\*\/|%([A-Z_]+)%/g;
// Inline <script> and <style> elements of the page, whose hashes the policy allows.
const INLINE = { script: /<script>([\s\S]*?)<\/script>/g, style: /<style>([\s\S]*?)<\/style>/g } as const;

const FAVICON =
  'data:image/svg+xml,' +
  encodeURIComponent(
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'><rect width='24' height='24' rx='6' fill='#16a34a'/>" +
      "<path d='M13 3 5 14h6l-1 7 8-11h-6z' fill='#fff'/></svg>",
  );

/**
 * Builds the dashboard: bundles `src/main.ts` (Chart.js included, no CDN) into one
 * content-hashed module under `assets/`, gzipped once at build time (the Lambda never
 * compresses), inlines the minified stylesheet into `index.html` (no unstyled flash, one
 * request fewer), and writes `manifest.json` with a policy that allows exactly the
 * page's inline script and style by hash. The same sources give the same bytes, so the
 * API zip stays reproducible.
 *
 * @example
 * const manifest = await buildDashboard({ sourceDir: 'dashboard', outDir: 'dist/dashboard' });
 */
export async function buildDashboard(options: BuildDashboardOptions): Promise<DashboardManifest> {
  const sourceDir = resolve(options.sourceDir);
  const outDir = resolve(options.outDir);
  const [script, style] = await Promise.all([
    build({
      ...ESBUILD_COMMON,
      entryPoints: { app: join(sourceDir, 'src', 'main.ts') },
      outdir: join(outDir, DASHBOARD_FILES.assets),
      entryNames: '[name]-[hash]',
      platform: 'browser',
      format: 'esm',
    }),
    build({ ...ESBUILD_COMMON, entryPoints: [join(sourceDir, 'src', 'styles.css')], outdir: outDir }),
  ]);
  // `write: false` makes esbuild return the files instead of writing them.
  const scripts = script.outputFiles ?? [];
  const [code] = scripts;
  const [css] = style.outputFiles ?? [];
  if (scripts.length !== 1 || !code || !css) {
    throw new Error(
      `the dashboard build must emit one script and one stylesheet, got ${scripts.length} scripts`,
    );
  }
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, DASHBOARD_FILES.assets), { recursive: true });

  const file = code.path.slice(code.path.lastIndexOf('/') + 1);
  const gzip = gzipSync(code.contents, { level: 9 });
  await writeFile(join(outDir, DASHBOARD_FILES.assets, file), code.contents);
  await writeFile(join(outDir, DASHBOARD_FILES.assets, `${file}.gz`), gzip);

  const template = await readFile(join(sourceDir, 'index.html'), 'utf8');
  const html = fillTemplate(template, {
    FAVICON,
    APP_CSS: css.text.trim(),
    APP_JS: `${DASHBOARD_FILES.assets}/${file}`,
  });
  await writeFile(join(outDir, DASHBOARD_FILES.page), html);

  const manifest: DashboardManifest = {
    contentSecurityPolicy: contentSecurityPolicy(html),
    assets: [
      {
        file,
        contentType: 'text/javascript; charset=utf-8',
        bytes: code.contents.byteLength,
        gzipBytes: gzip.byteLength,
      },
    ],
  };
  await writeFile(join(outDir, DASHBOARD_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function fillTemplate(template: string, values: Record<string, string>): string {
  const seen = new Set<string>();
  const html = template.replace(PLACEHOLDER, (placeholder, commented?: string, bare?: string) => {
    const name = commented ?? bare ?? '';
    const value = values[name];
    if (value === undefined) throw new Error(`index.html has an unknown placeholder ${placeholder}`);
    seen.add(name);
    return value;
  });
  for (const name of Object.keys(values)) {
    if (!seen.has(name)) throw new Error(`index.html lacks the placeholder %${name}%`);
  }
  return html;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The page's policy: its own origin for the script module and the API calls, its inline
 * script and style by hash, data URLs for images (the favicon), nothing else. Chart.js
 * sizes canvases through the CSSOM, which `style-src` does not restrict.
 */
function contentSecurityPolicy(html: string): string {
  const scripts = [...html.matchAll(INLINE.script)].map((match) => sha256(match[1] ?? ''));
  const styles = [...html.matchAll(INLINE.style)].map((match) => sha256(match[1] ?? ''));
  return [
    "default-src 'none'",
    ["script-src 'self'", ...scripts].join(' '),
    ['style-src', ...styles].join(' '),
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
