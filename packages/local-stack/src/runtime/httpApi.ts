import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { corsHeaders, type HttpApiCors, preflightResponse } from './httpApiCors.js';
import { JwtAuthorizer, type JwtAuthorizerConfig, type RouteAuthorization } from './jwtAuthorizer.js';
import type { LocalLambda } from './LocalLambda.js';

/** API Gateway HTTP API payload format 2.0 request, as the function receives it. */
export type HttpApiEvent = {
  version: '2.0';
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  pathParameters?: Record<string, string>;
  requestContext: {
    accountId: string;
    apiId: string;
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: string;
    stage: string;
    time: string;
    timeEpoch: number;
    /** Set on routes with a JWT authorizer, as API Gateway sets it. */
    authorizer?: { jwt: { claims: Record<string, string>; scopes: string[] } };
  };
  body?: string;
  isBase64Encoded: boolean;
};

/** Payload format 2.0 response, as the function returns it. */
type HttpApiResult = {
  statusCode?: number;
  headers?: Record<string, string | number | boolean>;
  multiValueHeaders?: Record<string, (string | number | boolean)[]>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
};

/** A response ready to write. */
export type HttpResponse = {
  /** Status code. */
  statusCode: number;
  /** Headers; `set-cookie` holds one entry per cookie. */
  headers: Record<string, string | string[]>;
  /** Body bytes. */
  body: Buffer;
};

/** What the client sent, independent of node:http. */
export type HttpRequest = {
  /** Method, upper case. */
  method: string;
  /** Path and query as received (`/readings?site_id=site1`). */
  url: string;
  /** Header names and values in order, as `IncomingMessage.rawHeaders`. */
  rawHeaders: string[];
  /** Body bytes. */
  body: Buffer;
  /** Client address. */
  sourceIp: string;
};

/** Context of the translation. */
export type HttpApiContext = {
  /** Account id. */
  accountId: string;
  /** API id. */
  apiId: string;
  /** Route keys of the API: `$default`, or `METHOD /path/{param}` / `ANY /{proxy+}`. */
  routes: string[];
  /** Stage name. */
  stage: string;
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's request time format, `12/Mar/2020:19:03:58 +0000`. */
function apiGatewayTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/** Content types API Gateway passes as text; other bodies are base64-encoded. */
function isTextual(contentType: string | undefined, body: Buffer): boolean {
  if (!contentType) {
    // No type: text when the bytes are valid UTF-8.
    return Buffer.from(body.toString('utf8'), 'utf8').equals(body);
  }
  return /^text\/|json|xml|javascript|x-www-form-urlencoded|graphql|yaml/i.test(contentType);
}

/** Matches a route key against a method and path; returns its path parameters, or undefined. */
export function matchRoute(
  routeKey: string,
  method: string,
  path: string,
): Record<string, string> | undefined {
  if (routeKey === '$default') return {};
  const [routeMethod, template] = routeKey.split(' ');
  if (!template || (routeMethod !== 'ANY' && routeMethod !== method)) return undefined;
  const parameters: Record<string, string> = {};
  const templateParts = template.split('/').filter(Boolean);
  const pathParts = path.split('/').filter(Boolean);
  for (let i = 0; i < templateParts.length; i++) {
    const part = templateParts[i] as string;
    const greedy = /^\{(.+)\+\}$/.exec(part);
    if (greedy?.[1]) {
      if (i !== templateParts.length - 1 || pathParts.length <= i) return undefined;
      parameters[greedy[1]] = pathParts.slice(i).map(decodeURIComponent).join('/');
      return parameters;
    }
    const segment = pathParts[i];
    if (segment === undefined) return undefined;
    const parameter = /^\{(.+)\}$/.exec(part);
    if (parameter?.[1]) parameters[parameter[1]] = decodeURIComponent(segment);
    else if (part !== segment) return undefined;
  }
  return pathParts.length === templateParts.length ? parameters : undefined;
}

/**
 * Translates an HTTP request into the payload 2.0 event API Gateway sends: lower-cased headers
 * with repeated values joined by commas, `cookies` taken out of the `cookie` header, the query
 * string raw and parsed (repeated keys joined by commas), path parameters of the matching route,
 * and a body that is base64-encoded unless it is text. Undefined when no route matches.
 */
export function toHttpApiEvent(
  request: HttpRequest,
  context: HttpApiContext,
  now = new Date(),
): HttpApiEvent | undefined {
  const queryAt = request.url.indexOf('?');
  const rawPath = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? '' : request.url.slice(queryAt + 1);
  let routeKey: string | undefined;
  let pathParameters: Record<string, string> | undefined;
  for (const route of context.routes) {
    const matched = matchRoute(route, request.method, rawPath);
    if (matched) {
      routeKey = route;
      pathParameters = matched;
      break;
    }
  }
  if (!routeKey) return undefined;

  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = (request.rawHeaders[i] as string).toLowerCase();
    const value = request.rawHeaders[i + 1] as string;
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((cookie) => cookie.trim())
          .filter(Boolean),
      );
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  headers['x-forwarded-for'] ??= request.sourceIp;
  headers['x-forwarded-proto'] ??= 'http';

  const queryStringParameters: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    queryStringParameters[key] =
      queryStringParameters[key] === undefined ? value : `${queryStringParameters[key]},${value}`;
  }
  const requestId = randomBytes(12).toString('base64').replace(/=+$/, '=');
  const domainName = headers.host ?? 'localhost';
  const event: HttpApiEvent = {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(rawQueryString ? { queryStringParameters } : {}),
    ...(pathParameters && Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: request.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: context.stage,
      time: apiGatewayTime(now),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };
  if (request.body.length > 0) {
    const textual = isTextual(headers['content-type'], request.body);
    event.body = textual ? request.body.toString('utf8') : request.body.toString('base64');
    event.isBase64Encoded = !textual;
  }
  return event;
}

/**
 * Translates a function's result into the HTTP response API Gateway sends (payload 2.0): an
 * object with `statusCode` is taken field by field (headers, multi-value headers, cookies as
 * `set-cookie`, base64 bodies decoded); anything else is the body of a 200 `application/json`
 * response (a string as is, other values as JSON).
 */
export function fromHttpApiResult(result: unknown): HttpResponse {
  if (result === null || typeof result !== 'object' || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body) };
  }
  const response = result as HttpApiResult;
  const headers: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(response.multiValueHeaders ?? {})) {
    headers[name.toLowerCase()] = values.map(String).join(',');
  }
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    headers[name.toLowerCase()] = String(value);
  }
  if (response.cookies && response.cookies.length > 0) headers['set-cookie'] = [...response.cookies];
  const raw = response.body ?? '';
  return {
    statusCode: Number(response.statusCode),
    headers,
    body: response.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8'),
  };
}

/** Settings of {@link startHttpApi}. */
export type HttpApiOptions = {
  /** The api function. */
  target: Pick<LocalLambda, 'invoke' | 'name'>;
  /** Port; default 3000, 0 for a free one. */
  port?: number;
  /** Interface; default 127.0.0.1. */
  host?: string;
  /** Route keys; default `['$default']`. */
  routes?: string[];
  /** Account id of the events. */
  accountId: string;
  /**
   * A JWT authorizer and how each route uses it (replaces `routes`): requests to a `JWT` route
   * without a valid token answer 401, without a required scope 403, as API Gateway's do.
   */
  authorization?: { authorizer: JwtAuthorizerConfig; routes: RouteAuthorization[] };
  /** CORS, as the API's `cors_configuration`; unset = no CORS headers, no preflight answers. */
  cors?: HttpApiCors;
  /** Called after each request (for logs and progress). */
  onRequest?: (event: HttpApiEvent, statusCode: number, durationMs: number, error?: Error) => void;
};

/** A running local HTTP API. */
export type HttpApi = {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Port it listens on. */
  port: number;
  /** The node:http server. */
  server: Server;
  /** Stops listening and closes open connections. */
  close: () => Promise<void>;
};

/** API Gateway's payload limit for HTTP APIs. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

function send(res: ServerResponse, response: HttpResponse, requestId?: string): void {
  res.statusCode = response.statusCode;
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  if (requestId) res.setHeader('apigw-requestid', requestId);
  res.setHeader('content-length', response.body.length);
  res.end(response.body);
}

const jsonMessage = (
  statusCode: number,
  message: string,
  extra: { reason?: string; headers?: Record<string, string> } = {},
): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...extra.headers },
  body: Buffer.from(JSON.stringify(extra.reason ? { message, reason: extra.reason } : { message })),
});

/** What API Gateway answers for a refused token: its body, plus the reason (local only) and header. */
function refusal(statusCode: 401 | 403, reason: string): HttpResponse {
  const error = statusCode === 401 ? 'invalid_token' : 'insufficient_scope';
  return jsonMessage(statusCode, statusCode === 401 ? 'Unauthorized' : 'Forbidden', {
    reason,
    headers: {
      'www-authenticate': `Bearer error="${error}" error_description="${reason.replaceAll('"', "'")}"`,
    },
  });
}

/**
 * Serves the api function over HTTP like an API Gateway HTTP API with a Lambda proxy
 * integration (payload 2.0): unmatched routes answer 404, a failing function 500
 * `{"message":"Internal Server Error"}`, bodies over 10 MB 413. With `authorization`, `JWT` routes
 * answer 401/403 before the function runs (see {@link JwtAuthorizer}); with `cors`, preflights
 * are answered here and allowed origins get `access-control-allow-origin`, as API Gateway does.
 *
 * @example
 * const api = await startHttpApi({ target: apiFunction, port: 3000, accountId: '123456789012' });
 * await api.close();
 */
export async function startHttpApi(options: HttpApiOptions): Promise<HttpApi> {
  const context: HttpApiContext = {
    accountId: options.accountId,
    apiId: 'local',
    routes: options.authorization?.routes.map((route) => route.routeKey) ?? options.routes ?? ['$default'],
    stage: '$default',
  };
  const authorizer = options.authorization && new JwtAuthorizer(options.authorization.authorizer);
  const routeAuthorization = new Map(options.authorization?.routes.map((route) => [route.routeKey, route]));
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const preflight = options.cors && preflightResponse(options.cors, req.method ?? 'GET', req.headers);
    if (preflight) {
      send(res, { ...preflight, body: Buffer.alloc(0) });
      return;
    }
    const cors = options.cors ? corsHeaders(options.cors, req.headers.origin) : {};
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) {
        send(res, jsonMessage(413, 'Request Entity Too Large'));
        req.destroy();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const event = toHttpApiEvent(
      {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      },
      context,
    );
    if (!event) {
      send(res, jsonMessage(404, 'Not Found', { headers: cors }));
      return;
    }
    const started = performance.now();
    const route = routeAuthorization.get(event.routeKey);
    if (authorizer && route?.authorizationType === 'JWT') {
      const result = await authorizer.authorize(event.headers.authorization, route.scopes);
      if (!result.ok) {
        const response = refusal(result.statusCode, result.reason);
        Object.assign(response.headers, cors);
        send(res, response, event.requestContext.requestId);
        options.onRequest?.(event, response.statusCode, performance.now() - started);
        return;
      }
      event.requestContext.authorizer = { jwt: { claims: result.claims, scopes: result.scopes } };
    }
    let response: HttpResponse;
    let error: Error | undefined;
    try {
      response = fromHttpApiResult(await options.target.invoke(event));
    } catch (thrown) {
      error = thrown as Error;
      response = jsonMessage(500, 'Internal Server Error');
    }
    Object.assign(response.headers, cors);
    send(res, response, event.requestContext.requestId);
    options.onRequest?.(event, response.statusCode, performance.now() - started, error);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      console.error(`[${options.target.name} http] ${error.message}`);
      if (!res.headersSent) send(res, jsonMessage(500, 'Internal Server Error'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
