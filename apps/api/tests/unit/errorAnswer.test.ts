import { describe, expect, it } from 'vitest';
import {
  DataStoreUnavailableError,
  InvalidCursorError,
  InvalidParameterError,
  MethodNotAllowedError,
  QueryTooLongError,
  ResultTooLargeError,
  RouteNotFoundError,
} from '../../src/errors.js';
import { errorAnswer } from '../../src/http/errorAnswer.js';

describe('Function: errorAnswer', () => {
  it.each([
    [
      new InvalidParameterError('limit', 'must be an integer between 1 and 1000, got "0"'),
      400,
      'invalid_parameter',
    ],
    [new InvalidCursorError('is malformed'), 400, 'invalid_cursor'],
    [new ResultTooLargeError(10_000, 'GET /v1/readings'), 400, 'result_too_large'],
    [new RouteNotFoundError('GET', '/nope'), 404, 'not_found'],
    [new MethodNotAllowedError('POST', '/health', ['GET', 'HEAD']), 405, 'method_not_allowed'],
    [new QueryTooLongError(3000, 2048), 414, 'query_too_long'],
    [
      new DataStoreUnavailableError('Query readings', { cause: new Error('ECONNREFUSED') }),
      503,
      'service_unavailable',
    ],
  ])('maps %s by class', (error, status, code) => {
    // Act
    const answer = errorAnswer(error, 'req-1');

    // Assess
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    expect(answer.body.error.requestId).toBe('req-1');
  });

  it('names the parameter and the reason of an invalid parameter', () => {
    // Act
    const answer = errorAnswer(new InvalidParameterError('from', 'must not be after to (x)'), 'req-1');

    // Assess
    expect(answer.body).toStrictEqual({
      error: {
        code: 'invalid_parameter',
        message: 'from must not be after to (x)',
        parameter: 'from',
        reason: 'must not be after to (x)',
        requestId: 'req-1',
      },
    });
  });

  it('sends Allow on 405 and Retry-After on 503', () => {
    // Act
    const notAllowed = errorAnswer(new MethodNotAllowedError('POST', '/health', ['GET', 'HEAD']), 'r');
    const unavailable = errorAnswer(
      new DataStoreUnavailableError('Scan readings', { cause: undefined }),
      'r',
    );

    // Assess
    expect(notAllowed.headers).toStrictEqual({ Allow: 'GET, HEAD' });
    expect(unavailable.headers).toStrictEqual({ 'Retry-After': '1' });
  });

  it('answers 500 without details for an error outside the tree', () => {
    // Act
    const answer = errorAnswer(new TypeError('secret internals'), 'req-9');

    // Assess
    expect(answer).toStrictEqual({
      status: 500,
      body: {
        error: {
          code: 'internal_error',
          message: 'unexpected error; it has been logged',
          requestId: 'req-9',
        },
      },
      headers: {},
    });
  });

  it('never maps by message: a 503-sounding parameter error stays 400', () => {
    // Act
    const answer = errorAnswer(new InvalidParameterError('site_id', 'service unavailable'), 'r');

    // Assess
    expect(answer.status).toBe(400);
  });
});
