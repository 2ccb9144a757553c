import { API_LIMITS } from '../constants.js';
import { renderReferencePage } from '../http/referencePage.js';
import { DOCS_PAGE_HEADERS } from '../http/securityHeaders.js';
import type { ApiApp } from '../http/types.js';

/** Title, version and description of the OpenAPI document. */
const OPENAPI_INFO = {
  title: 'Energy telemetry API',
  version: '1.0.0',
  description: `Readings, anomalies and per-site aggregates of the renewable-energy pipeline. The \`/fetch*\` routes keep the original clients working (plain arrays, at most ${API_LIMITS.compatibleMaxItems} records); the \`/v1\` routes are paginated with opaque cursors. Every error is JSON \`{ error: { code, message, parameter?, reason?, requestId } }\`; query strings are limited to ${API_LIMITS.maxQueryLength} characters (414).`,
} as const;

/**
 * Registers `GET /openapi.json` (the OpenAPI 3.1 document generated from the route
 * definitions) and `GET /docs` (a readable reference page rendered from it, with a strict
 * content security policy and anti-framing headers). Call
 * after every other route so both see the full set.
 */
export function registerDocsRoutes(app: ApiApp): void {
  const config = { openapi: '3.1.0', info: OPENAPI_INFO };
  app.doc31('/openapi.json', config);
  let page: string | undefined;
  app.get('/docs', (c) => {
    // Routes are fixed once the app is built, so the page is rendered once per container.
    page ??= renderReferencePage(app.getOpenAPI31Document(config) as unknown as Record<string, unknown>);
    for (const [name, value] of Object.entries(DOCS_PAGE_HEADERS)) c.header(name, value);
    return c.html(page);
  });
}
