import { ErrorSchema } from '../schemas/responses.js';

const json = { 'application/json': { schema: ErrorSchema } } as const;

/** Error answers every data route may give, for the OpenAPI document. */
export const ERROR_RESPONSES = {
  400: {
    description: 'A parameter is missing or invalid; `parameter` and `reason` say which and why.',
    content: json,
  },
  414: { description: 'The query string is longer than 2048 characters.', content: json },
  503: { description: 'DynamoDB failed or is unreachable; retry. The request id is logged.', content: json },
} as const;
