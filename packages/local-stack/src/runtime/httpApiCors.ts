import type { IncomingHttpHeaders } from 'node:http';

/** CORS of an HTTP API, as its `cors_configuration` block. */
export type HttpApiCors = {
  /** Origins allowed to call the API (`https://dashboard.example.com`), or `*`. */
  allowOrigins: string[];
  /** Methods a preflight allows; default `GET`, `HEAD`, `OPTIONS`. */
  allowMethods?: string[];
  /** Request headers a preflight allows; default `authorization`, `content-type`. */
  allowHeaders?: string[];
  /** Seconds a browser may cache a preflight; default 300. */
  maxAgeSeconds?: number;
};

function allowedOrigin(cors: HttpApiCors, origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  if (cors.allowOrigins.includes('*')) return '*';
  return cors.allowOrigins.includes(origin) ? origin : undefined;
}

/** The CORS headers of an answer to `origin` (none when it is not allowed). */
export function corsHeaders(cors: HttpApiCors, origin: string | undefined): Record<string, string> {
  const allowed = allowedOrigin(cors, origin);
  return allowed ? { 'access-control-allow-origin': allowed, vary: 'origin' } : {};
}

/**
 * API Gateway answers a CORS preflight (`OPTIONS` with `Origin` and
 * `Access-Control-Request-Method`) itself, before any authorizer: 204 with the allowed origin,
 * methods and headers. Undefined for any other request.
 */
export function preflightResponse(
  cors: HttpApiCors,
  method: string,
  headers: IncomingHttpHeaders,
): { statusCode: number; headers: Record<string, string> } | undefined {
  if (method !== 'OPTIONS' || !headers.origin || !headers['access-control-request-method']) return undefined;
  const allowed = corsHeaders(cors, headers.origin);
  if (!allowed['access-control-allow-origin']) return { statusCode: 204, headers: {} };
  return {
    statusCode: 204,
    headers: {
      ...allowed,
      'access-control-allow-methods': (cors.allowMethods ?? ['GET', 'HEAD', 'OPTIONS']).join(','),
      'access-control-allow-headers': (cors.allowHeaders ?? ['authorization', 'content-type']).join(','),
      'access-control-max-age': String(cors.maxAgeSeconds ?? 300),
    },
  };
}
