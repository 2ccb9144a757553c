import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard } from '../../dashboard/build/buildDashboard.js';
import type { DashboardManifest } from '../../src/dashboardAssets/manifest.js';

const SOURCE_DIR = resolve(import.meta.dirname, '../../dashboard');

describe('Function: buildDashboard', () => {
  let outDir: string;
  let manifest: DashboardManifest;
  let html: string;
  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'dashboard-build-'));
    manifest = await buildDashboard({ sourceDir: SOURCE_DIR, outDir });
    html = await readFile(join(outDir, 'index.html'), 'utf8');
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('emits one hashed script module, loaded by the page relative to its own directory', () => {
    // Act
    const files = manifest.assets.map((asset) => asset.file);

    // Assess
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^app-[A-Z0-9]+\.js$/);
    expect(html).toContain(`app.src = 'assets/${files[0]}';`);
    expect(html).not.toMatch(/%[A-Z_]+%/);
  });

  it('inlines the minified stylesheet', () => {
    // Act
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';

    // Assess
    expect(style).toMatch(/^:root\{--bg: ?#f4f6fa;/);
    expect(style).toContain('.chart-box{position:relative;');
    expect(style).not.toContain('\n');
  });

  it('bundles Chart.js into the script: the page loads nothing from another origin', async () => {
    // Prepare
    const script = manifest.assets.find((asset) => asset.file.endsWith('.js'));

    // Act
    const code = await readFile(join(outDir, 'assets', script?.file ?? 'missing'), 'utf8');

    // Assess
    expect(code).toContain('Chart.js v4');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('writes gzip siblings that unzip to the same bytes, with sizes in the manifest', async () => {
    for (const asset of manifest.assets) {
      // Act
      const plain = await readFile(join(outDir, 'assets', asset.file));
      const gzip = await readFile(join(outDir, 'assets', `${asset.file}.gz`));

      // Assess
      expect(gunzipSync(gzip).equals(plain)).toBe(true);
      expect([asset.bytes, asset.gzipBytes]).toStrictEqual([plain.byteLength, gzip.byteLength]);
    }
  });

  it("allows the page's inline script and style by hash, and nothing else inline", () => {
    // Prepare
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => hash(match[1] ?? ''));
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => hash(match[1] ?? ''));

    // Act
    const directives = manifest.contentSecurityPolicy.split('; ');

    // Assess
    expect([scripts.length, styles.length]).toStrictEqual([1, 1]);
    expect(directives).toStrictEqual([
      "default-src 'none'",
      `script-src 'self' ${scripts[0]}`,
      `style-src ${styles[0]}`,
      "img-src 'self' data:",
      "connect-src 'self'",
      "base-uri 'self'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]);
  });

  it('gives the same bytes when built again', async () => {
    // Prepare
    const again = await mkdtemp(join(tmpdir(), 'dashboard-build-'));

    try {
      // Act
      const second = await buildDashboard({ sourceDir: SOURCE_DIR, outDir: again });

      // Assess
      expect(second).toStrictEqual(manifest);
      expect(await readFile(join(again, 'index.html'), 'utf8')).toBe(html);
      for (const asset of manifest.assets) {
        const first = await readFile(join(outDir, 'assets', `${asset.file}.gz`));
        expect((await readFile(join(again, 'assets', `${asset.file}.gz`))).equals(first)).toBe(true);
      }
    } finally {
      await rm(again, { recursive: true, force: true });
    }
  });
});
