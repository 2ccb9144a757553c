import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';
import type { ApiEnv, PageRegistrar } from '../app.js';
import { acceptsGzip } from './acceptsGzip.js';
import { DashboardUnavailableError, type LoadedDashboard, loadDashboard } from './loadDashboard.js';
import { DASHBOARD_FILES } from './manifest.js';

/**
 * Where the built dashboard is looked for, first match wins: next to the bundled
 * handler (`dist/api/dashboard/` locally, `/var/task/dashboard/` on Lambda; the bundler's
 * `--assets` puts it there), then the build output when running from source (tests).
 */
const DASHBOARD_DIRECTORIES: readonly string[] = [
  fileURLToPath(new URL('./dashboard/', import.meta.url)),
  fileURLToPath(new URL('../../dist/dashboard/', import.meta.url)),
];

/** Options of {@link createDashboardRegistrar}. */
export type DashboardOptions = {
  /** Directories to look for the built dashboard in; default {@link DASHBOARD_DIRECTORIES}. */
  directories?: readonly string[];
};

// Hashed names change with their contents, so a cached copy can never be stale.
const IMMUTABLE = 'public, max-age=31536000, immutable';

const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  // The page names the current asset hashes: always revalidate it.
  'Cache-Control': 'no-cache',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
} as const;

/**
 * Builds the page registrar for `createApp({ registerPages })`: `GET /` answers the
 * dashboard, `GET /assets/{file}` its script and stylesheet (gzipped when the client
 * accepts it; API Gateway does not compress). The build is read into memory on the
 * first request of a container; until it can be read, both routes answer 503.
 *
 * @example
 * createApp({ client, environment, logger, registerPages: createDashboardRegistrar() });
 */
export function createDashboardRegistrar(options: DashboardOptions = {}): PageRegistrar {
  const directories = options.directories ?? DASHBOARD_DIRECTORIES;
  let loading: Promise<LoadedDashboard> | undefined;
  const load = () => {
    // A failed load is not cached: the next request tries again.
    loading ??= loadDashboard(directories).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  const dashboardOrFailure = async (c: Context<ApiEnv>): Promise<LoadedDashboard | Response> => {
    try {
      return await load();
    } catch (error) {
      return unavailable(c, error);
    }
  };

  return (app) => {
    app.get('/', async (c) => {
      const dashboard = await dashboardOrFailure(c);
      if (dashboard instanceof Response) return dashboard;
      return c.body(dashboard.page as Uint8Array<ArrayBuffer>, 200, {
        ...PAGE_HEADERS,
        'Content-Security-Policy': dashboard.contentSecurityPolicy,
      });
    });

    app.get(`/${DASHBOARD_FILES.assets}/:file`, async (c) => {
      const dashboard = await dashboardOrFailure(c);
      if (dashboard instanceof Response) return dashboard;
      const asset = dashboard.assets.get(c.req.param('file'));
      if (!asset) return c.notFound();
      const gzip = acceptsGzip(c.req.header('accept-encoding'));
      const headers: Record<string, string> = {
        'Content-Type': asset.contentType,
        'Cache-Control': IMMUTABLE,
        'X-Content-Type-Options': 'nosniff',
        Vary: 'Accept-Encoding',
      };
      if (gzip) headers['Content-Encoding'] = 'gzip';
      return c.body((gzip ? asset.gzip : asset.body) as Uint8Array<ArrayBuffer>, 200, headers);
    });
  };
}

// Same body shape as every other error answer of the API.
function unavailable(c: Context<ApiEnv>, error: unknown): Response {
  const message =
    error instanceof DashboardUnavailableError
      ? error.message
      : `the dashboard cannot be served: ${error instanceof Error ? error.message : String(error)}`;
  return c.json({ error: { code: 'dashboard_unavailable', message, requestId: c.get('requestId') } }, 503);
}

/** The dashboard registrar with default directories; what `src/handler.ts` passes to `createApp`. */
export const registerDashboard: PageRegistrar = createDashboardRegistrar();
