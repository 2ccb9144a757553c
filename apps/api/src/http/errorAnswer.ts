import {
  ApiError,
  DataStoreUnavailableError,
  InvalidParameterError,
  MethodNotAllowedError,
  QueryTooLongError,
  ResourceNotFoundError,
  ResultTooLargeError,
  RouteNotFoundError,
} from '../errors.js';

/** JSON body of an error answer. */
export type ErrorBody = {
  /** The error. */
  error: {
    /** Stable machine-readable code. */
    code: string;
    /** What went wrong, for people. */
    message: string;
    /** The request parameter at fault, when one is. */
    parameter?: string;
    /** Why the parameter is invalid, when one is. */
    reason?: string;
    /** Request id, to quote when reporting a problem. */
    requestId: string;
  };
};

/** Status, body and extra headers of an error answer. */
export type ErrorAnswer = {
  /** HTTP status. */
  status: 400 | 404 | 405 | 414 | 500 | 503;
  /** JSON body. */
  body: ErrorBody;
  /** Headers to add (`Allow` on 405, `Retry-After` on 503). */
  headers: Record<string, string>;
};

function statusOf(error: ApiError): ErrorAnswer['status'] {
  if (error instanceof InvalidParameterError || error instanceof ResultTooLargeError) return 400;
  if (error instanceof RouteNotFoundError || error instanceof ResourceNotFoundError) return 404;
  if (error instanceof MethodNotAllowedError) return 405;
  if (error instanceof QueryTooLongError) return 414;
  if (error instanceof DataStoreUnavailableError) return 503;
  return 500;
}

/**
 * Maps an error to its answer by class. Errors outside the API's tree are bugs:
 * a generic 500 that reveals nothing of the error.
 *
 * @example
 * errorAnswer(new InvalidParameterError('limit', 'must be ...'), 'req-1').status; // 400
 */
export function errorAnswer(error: unknown, requestId: string): ErrorAnswer {
  if (!(error instanceof ApiError)) {
    return {
      status: 500,
      body: { error: { code: 'internal_error', message: 'unexpected error; it has been logged', requestId } },
      headers: {},
    };
  }
  const where =
    error instanceof InvalidParameterError ? { parameter: error.parameter, reason: error.reason } : {};
  const body: ErrorBody = { error: { code: error.code, message: error.message, ...where, requestId } };
  const headers: Record<string, string> = {};
  if (error instanceof MethodNotAllowedError) headers.Allow = error.allow.join(', ');
  if (error instanceof DataStoreUnavailableError) headers['Retry-After'] = '1';
  return { status: statusOf(error), body, headers };
}
