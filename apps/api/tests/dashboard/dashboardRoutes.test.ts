import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard } from '../../dashboard/build/buildDashboard.js';
import type { ApiEnv } from '../../src/app.js';
import { createDashboardRegistrar } from '../../src/dashboardAssets/routes.js';

/** An app with only the dashboard routes and the request id the API's middleware would set. */
function appWith(directories: readonly string[]) {
  const app = new OpenAPIHono<ApiEnv>();
  app.use('*', async (c, next) => {
    c.set('requestId', 'req-1');
    await next();
  });
  createDashboardRegistrar({ directories })(app);
  return app;
}

describe('Function: createDashboardRegistrar', () => {
  let built: string;
  let scriptFile: string;
  beforeAll(async () => {
    built = await mkdtemp(join(tmpdir(), 'dashboard-routes-'));
    const manifest = await buildDashboard({
      sourceDir: resolve(import.meta.dirname, '../../dashboard'),
      outDir: built,
    });
    scriptFile = manifest.assets.find((asset) => asset.file.endsWith('.js'))?.file ?? 'missing';
  });
  afterAll(async () => {
    await rm(built, { recursive: true, force: true });
  });

  it('serves the page at GET / with its security policy, never cached stale', async () => {
    // Prepare
    const app = appWith(['/nonexistent/first', built]);

    // Act
    const res = await app.request('/');

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; script-src 'self' 'sha256-/,
    );
    expect(await res.text()).toContain(`app.src = 'assets/${scriptFile}';`);
  });

  it('serves an asset gzipped when accepted, cacheable for good', async () => {
    // Prepare
    const app = appWith([built]);

    // Act
    const res = await app.request(`/assets/${scriptFile}`, { headers: { 'accept-encoding': 'gzip, br' } });

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8')).toContain('Chart.js v4');
  });

  it('serves an asset uncompressed to a client that does not accept gzip', async () => {
    // Prepare
    const app = appWith([built]);

    // Act
    const res = await app.request(`/assets/${scriptFile}`);

    // Assess
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(await res.text()).toContain('Chart.js v4');
  });

  it('answers 404 for an asset the build does not hold', async () => {
    // Prepare
    const app = appWith([built]);

    // Act
    const res = await app.request('/assets/../manifest.json');
    const other = await app.request('/assets/app-NOTBUILT.js');

    // Assess
    expect(res.status).toBe(404);
    expect(other.status).toBe(404);
  });

  it('answers 503 naming the fix when the dashboard was not built', async () => {
    // Prepare
    const app = appWith(['/nonexistent/dashboard']);

    // Act
    const res = await app.request('/');

    // Assess
    expect(res.status).toBe(503);
    expect(await res.json()).toStrictEqual({
      error: {
        code: 'dashboard_unavailable',
        message:
          'the dashboard is not built: no readable manifest.json in /nonexistent/dashboard (run pnpm build)',
        requestId: 'req-1',
      },
    });
  });
});
