import { TrieRouter } from 'hono/router/trie-router';
import type { RouterRoute } from 'hono/types';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * Builds a lookup of the methods each path accepts, from an app's registered routes,
 * to tell "wrong method" (405 with `Allow`) from "unknown path" (404). Middleware
 * (method `ALL`) is ignored. Uses Hono's own router, so patterns match exactly as routing does.
 *
 * @example
 * const allowed = allowedMethodsLookup(app.routes);
 * allowed('/health'); // ['GET', 'HEAD']
 */
export function allowedMethodsLookup(routes: readonly RouterRoute[]): (path: string) => string[] {
  const router = new TrieRouter<string>();
  for (const route of routes) {
    if (route.method !== 'ALL') router.add(route.method, route.path, route.method);
  }
  return (path) => {
    const allowed = METHODS.filter((method) => router.match(method, path)[0].length > 0);
    // Hono answers HEAD with the GET route.
    if (allowed.includes('GET') && !allowed.includes('HEAD'))
      allowed.splice(allowed.indexOf('GET') + 1, 0, 'HEAD');
    return [...allowed];
  };
}
