import { SNSClient, type SNSClientConfig } from '@aws-sdk/client-sns';
import { baseClientConfig } from './endpoint.js';

/** An SNS client with the project defaults. */
export function createSnsClient(
  overrides: SNSClientConfig = {},
  env: NodeJS.ProcessEnv = process.env,
): SNSClient {
  return new SNSClient({ ...baseClientConfig(env), ...overrides });
}
