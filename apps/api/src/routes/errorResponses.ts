import { API_LIMITS } from '../constants.js';
import { ErrorSchema } from '../schemas/responses.js';

const json = { 'application/json': { schema: ErrorSchema } } as const;

/** Error answers every data route may give, for the OpenAPI document. */
export const ERROR_RESPONSES = {
  400: {
    description: 'A parameter is missing or invalid; `parameter` and `reason` say which and why.',
    content: json,
  },
  414: {
    description: `The query string is longer than ${API_LIMITS.maxQueryLength} characters.`,
    content: json,
  },
  503: {
    description:
      'DynamoDB failed, is unreachable or did not answer within the request budget; retry after `Retry-After` seconds. The request id is logged.',
    content: json,
  },
} as const;
