import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { baseClientConfig } from './endpoint.js';

/**
 * A DynamoDB document client with the project defaults. `removeUndefinedValues`
 * lets optional attributes (the sparse index key) be left out by leaving them undefined.
 *
 * @example
 * const ddb = createDynamoDocumentClient();
 */
export function createDynamoDocumentClient(
  overrides: DynamoDBClientConfig = {},
  env: NodeJS.ProcessEnv = process.env,
): DynamoDBDocumentClient {
  const client = new DynamoDBClient({ ...baseClientConfig(env), ...overrides });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
