import { randomUUID } from 'node:crypto';
import type { ApiBindings } from './types.js';

/**
 * The id of the request: API Gateway's (what its access logs show), else the Lambda
 * invocation's, else a fresh UUID (the app called directly, e.g. in tests).
 *
 * @example
 * requestIdOf(c.env); // 'JOjL9gGaIAMEV1Q='
 */
export function requestIdOf(bindings: ApiBindings | undefined): string {
  const context = bindings?.event?.requestContext;
  const apiGatewayId = context && 'requestId' in context ? context.requestId : undefined;
  return apiGatewayId || bindings?.lambdaContext?.awsRequestId || randomUUID();
}
