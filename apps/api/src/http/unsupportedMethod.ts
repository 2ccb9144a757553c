import { MethodNotAllowedError, RouteNotFoundError } from '../errors.js';
import { errorAnswer } from './errorAnswer.js';

/**
 * Methods the Fetch API refuses to build a `Request` for (`new Request(url, { method: 'TRACE' })`
 * throws): Hono's Lambda adapter fails on them before any route, error handler or request id.
 */
const FETCH_FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** The parts of a payload 2.0 event this needs. */
type HttpEvent = { rawPath?: string; requestContext: { requestId?: string; http: { method: string } } };

/** A Lambda proxy result (payload 2.0). */
export type ProxyResult = {
  /** HTTP status. */
  statusCode: number;
  /** Response headers. */
  headers: Record<string, string>;
  /** JSON body. */
  body: string;
  /** Always false: the body is text. */
  isBase64Encoded: false;
};

/**
 * The JSON error answer, with its request id, for a request whose method the app cannot
 * even receive: 405 with `Allow` when the path exists, else 404. Undefined for every other
 * method, which the app answers itself.
 *
 * @example
 * const refused = unsupportedMethodAnswer(event, context.awsRequestId, allowedMethodsLookup(app.routes));
 * if (refused) return refused;
 */
export function unsupportedMethodAnswer(
  event: HttpEvent,
  fallbackRequestId: string,
  allowedMethods: (path: string) => string[],
): ProxyResult | undefined {
  const method = event.requestContext.http.method.toUpperCase();
  if (!FETCH_FORBIDDEN_METHODS.has(method)) return undefined;
  const path = event.rawPath ?? '/';
  const requestId = event.requestContext.requestId || fallbackRequestId;
  const allow = allowedMethods(path);
  const error =
    allow.length > 0 ? new MethodNotAllowedError(method, path, allow) : new RouteNotFoundError(method, path);
  const { status, body, headers } = errorAnswer(error, requestId);
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...headers },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}
