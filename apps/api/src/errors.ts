// The API's error tree. `http/errorAnswer.ts` maps each class to a status with
// `instanceof`; messages are for people and never inspected by code.

/** Base class of every error the API answers with a 4xx or 503. */
export class ApiError extends Error {
  /** Stable machine-readable code, sent as `error.code`. */
  public readonly code: string;

  public constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ApiError';
    this.code = code;
  }
}

/** A request parameter is missing or invalid (400). */
export class InvalidParameterError extends ApiError {
  /** The parameter at fault, as the client spelled it (`site_id`, `from`, `limit`...). */
  public readonly parameter: string;
  /** Why it is invalid, e.g. `must be an integer between 1 and 1000, got "0"`. */
  public readonly reason: string;

  public constructor(parameter: string, reason: string, options?: ErrorOptions & { code?: string }) {
    super(options?.code ?? 'invalid_parameter', `${parameter} ${reason}`, options);
    this.name = 'InvalidParameterError';
    this.parameter = parameter;
    this.reason = reason;
  }
}

/** A `cursor` this API did not issue for this exact query: malformed, tampered or foreign (400). */
export class InvalidCursorError extends InvalidParameterError {
  public constructor(reason: string, options?: ErrorOptions) {
    super('cursor', reason, { ...options, code: 'invalid_cursor' });
    this.name = 'InvalidCursorError';
  }
}

/** A compatible route would return more records than its cap (400); the message names the paginated route. */
export class ResultTooLargeError extends ApiError {
  /** The cap that was exceeded. */
  public readonly limit: number;
  /** The paginated route to use instead. */
  public readonly alternative: string;

  public constructor(limit: number, alternative: string) {
    super(
      'result_too_large',
      `more than ${limit} records match; this route returns at most ${limit}, page through them with ${alternative}`,
    );
    this.name = 'ResultTooLargeError';
    this.limit = limit;
    this.alternative = alternative;
  }
}

/** No route has this path (404). */
export class RouteNotFoundError extends ApiError {
  public constructor(method: string, path: string) {
    super('not_found', `no route ${method} ${path}; see GET /openapi.json for the routes`);
    this.name = 'RouteNotFoundError';
  }
}

/** A route serves this path and method, but what it names does not exist, e.g. an unknown asset file (404). */
export class ResourceNotFoundError extends ApiError {
  public constructor(method: string, path: string) {
    super('not_found', `${method} ${path}: nothing exists at this path`);
    this.name = 'ResourceNotFoundError';
  }
}

/** A route has this path but not this method (405). */
export class MethodNotAllowedError extends ApiError {
  /** Methods the path accepts, for the `Allow` header. */
  public readonly allow: readonly string[];

  public constructor(method: string, path: string, allow: readonly string[]) {
    super('method_not_allowed', `${path} does not accept ${method}; it accepts ${allow.join(', ')}`);
    this.name = 'MethodNotAllowedError';
    this.allow = allow;
  }
}

/** The query string is longer than the documented limit (414). */
export class QueryTooLongError extends ApiError {
  /** Length of the query string received, in characters. */
  public readonly length: number;

  public constructor(length: number, limit: number) {
    super('query_too_long', `the query string has ${length} characters; at most ${limit} are accepted`);
    this.name = 'QueryTooLongError';
    this.length = length;
  }
}

/** DynamoDB failed or could not be reached (503); `cause` holds the SDK error. */
export class DataStoreUnavailableError extends ApiError {
  /** The DynamoDB operation that failed, e.g. `Query readings`. */
  public readonly operation: string;

  public constructor(operation: string, options: ErrorOptions) {
    super('service_unavailable', 'the data store is unavailable; retry later', options);
    this.name = 'DataStoreUnavailableError';
    this.operation = operation;
  }
}
