import { Logger } from '@aws-lambda-powertools/logger';
import { createDynamoDocumentClient } from '@energy/aws-clients/dynamodb';
import { CALL_TIMEOUTS, timeoutHandler } from '@energy/aws-clients/endpoint';
import { withTelemetry } from '@energy/aws-clients/telemetry';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { type APIGatewayProxyResult, handle, type LambdaEvent } from 'hono/aws-lambda';
import { createApp } from './app.js';
import { registerDashboard } from './dashboardAssets/routes.js';
import { parseApiEnvironment } from './environment.js';
import { allowedMethodsLookup } from './http/allowedMethods.js';
import { unsupportedMethodAnswer } from './http/unsupportedMethod.js';

// Built once per container: a bad environment fails the cold start with a clear message.
const logger = new Logger({ serviceName: 'energy-api' });
const app = createApp({
  // The API's timeouts: a stalled call fails fast enough to be retried inside the request budget.
  client: createDynamoDocumentClient({ requestHandler: timeoutHandler(CALL_TIMEOUTS.api) }),
  environment: parseApiEnvironment(),
  logger,
  registerPages: registerDashboard,
});
const honoHandler = handle(app);
let allowedMethods: ((path: string) => string[]) | undefined;

/**
 * Lambda entry point for API Gateway HTTP API (payload format 2.0).
 *
 * @example
 * // Terraform: handler = "index.handler", runtime = "nodejs22.x"
 */
export const handler = async (
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyResult> =>
  withTelemetry({ logger, context }, async () => {
    allowedMethods ??= allowedMethodsLookup(app.routes);
    const refused = unsupportedMethodAnswer(event, context.awsRequestId, allowedMethods);
    if (refused) {
      logger.info('request', {
        requestId: refused.headers['x-request-id'],
        method: event.requestContext.http.method,
        route: '(none)',
        path: event.rawPath,
        status: refused.statusCode,
      });
      return refused;
    }
    // Hono declares its own copy of the payload 2.0 event type; the shapes are the same.
    return honoHandler(event as unknown as LambdaEvent, context);
  });
