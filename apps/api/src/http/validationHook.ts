import type { ZodError } from 'zod';
import { InvalidParameterError } from '../errors.js';

/**
 * Turns the first issue of a failed request validation into an {@link InvalidParameterError}
 * naming the parameter and the reason (the schemas word their messages as reasons).
 *
 * @example
 * toInvalidParameter(result.error); // InvalidParameterError('limit', 'must be an integer between 1 and 1000, got "0"')
 */
function toInvalidParameter(error: ZodError): InvalidParameterError {
  const issue = error.issues[0];
  if (issue === undefined) return new InvalidParameterError('(request)', 'is invalid');
  const parameter =
    issue.code === 'unrecognized_keys'
      ? (issue.keys[0] ?? '(request)')
      : String(issue.path[0] ?? '(request)');
  return new InvalidParameterError(parameter, issue.message, { cause: error });
}

/**
 * The app's `defaultHook`: every route's validation failure becomes a thrown
 * {@link InvalidParameterError}, answered by the app's error handler.
 */
export function validationHook(result: { success: true } | { success: false; error: ZodError }): undefined {
  if (!result.success) throw toInvalidParameter(result.error);
  return undefined;
}
