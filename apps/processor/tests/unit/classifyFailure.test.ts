import { PayloadFormatError } from '@energy/core';
import { describe, expect, it } from 'vitest';
import {
  classifyFailure,
  IngestError,
  ObjectTooLargeError,
  PayloadNotJsonError,
  PermanentIngestError,
  TransientIngestError,
} from '../../src/errors.js';

describe('Function: classifyFailure', () => {
  it('passes errors of the tree through', () => {
    // Prepare
    const error = new ObjectTooLargeError(10, 5);

    // Act & Assess
    expect(classifyFailure(error)).toBe(error);
    expect(error).toBeInstanceOf(PermanentIngestError);
    expect(error).toBeInstanceOf(IngestError);
    expect(error.name).toBe('ObjectTooLargeError');
    expect(error.reason).toBe('TOO_LARGE');
  });

  it('makes a payload the parser cannot read permanent', () => {
    // Prepare
    const cause = new PayloadFormatError('payload is not JSON', 1);

    // Act
    const failure = classifyFailure(cause);

    // Assess
    expect(failure).toBeInstanceOf(PayloadNotJsonError);
    expect((failure as PayloadNotJsonError).reason).toBe('NOT_JSON');
    expect(failure.cause).toBe(cause);
  });

  it.each([
    Object.assign(new Error('Service Unavailable'), {
      name: 'ServiceUnavailable',
      $metadata: { httpStatusCode: 503 },
    }),
    Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }),
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    new Error('something nobody foresaw'),
    'a thrown string',
  ])('makes anything else transient, keeping the cause: %s', (cause) => {
    // Act
    const failure = classifyFailure(cause);

    // Assess
    expect(failure).toBeInstanceOf(TransientIngestError);
    expect(failure.name).toBe('TransientIngestError');
    expect(failure.cause).toBe(cause);
  });
});
