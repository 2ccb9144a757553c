import { Logger } from '@aws-lambda-powertools/logger';
import { createDynamoDocumentClient } from '@energy/aws-clients/dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { type APIGatewayProxyResult, handle, type LambdaEvent } from 'hono/aws-lambda';
import { createApp } from './app.js';
import { registerDashboard } from './dashboard/routes.js';
import { parseApiEnvironment } from './environment.js';

// Built once per container: a bad environment fails the cold start with a clear message.
const logger = new Logger({ serviceName: 'energy-api' });
const app = createApp({
  client: createDynamoDocumentClient(),
  environment: parseApiEnvironment(),
  logger,
  registerPages: registerDashboard,
});
const honoHandler = handle(app);

/**
 * Lambda entry point for API Gateway HTTP API (payload format 2.0).
 *
 * @example
 * // Terraform: handler = "index.handler", runtime = "nodejs22.x"
 */
export const handler = (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyResult> => {
  // Adds the Lambda request id, function name and cold-start flag to every log line.
  logger.addContext(context);
  // Hono declares its own copy of the payload 2.0 event type; the shapes are the same.
  return honoHandler(event as unknown as LambdaEvent, context);
};
