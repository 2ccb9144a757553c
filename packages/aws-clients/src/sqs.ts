import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { baseClientConfig } from './endpoint.js';

/** An SQS client with the project defaults. */
export function createSqsClient(
  overrides: SQSClientConfig = {},
  env: NodeJS.ProcessEnv = process.env,
): SQSClient {
  return new SQSClient({ ...baseClientConfig(env), ...overrides });
}
