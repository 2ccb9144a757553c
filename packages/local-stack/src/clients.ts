import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { baseClientConfig, CALL_TIMEOUTS, timeoutHandler } from '@energy/aws-clients/endpoint';
import { createS3Client } from '@energy/aws-clients/s3';
import { createSnsClient } from '@energy/aws-clients/sns';
import { createSqsClient } from '@energy/aws-clients/sqs';
import { DUMMY_CREDENTIALS } from './constants.js';

/** AWS SDK clients bound to one endpoint. */
export type StackClients = {
  /** S3 (path-style). */
  s3: S3Client;
  /** SQS. */
  sqs: SQSClient;
  /** SNS. */
  sns: SNSClient;
  /** DynamoDB (low level, for tables). */
  dynamodb: DynamoDBClient;
  /** DynamoDB document client over {@link StackClients.dynamodb}. */
  documentClient: DynamoDBDocumentClient;
  /** EventBridge Scheduler. */
  scheduler: SchedulerClient;
  /** Closes every client's connections. */
  destroy: () => void;
};

/**
 * The environment variables that point an AWS SDK or the AWS CLI at `endpoint`
 * (with dummy credentials, which the emulator accepts).
 *
 * @example
 * spawn('aws', ['sqs', 'list-queues'], { env: { ...process.env, ...emulatorEnv(endpoint, 'us-east-1') } });
 */
export function emulatorEnv(endpoint: string, region: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
  };
}

/**
 * Clients for every service of the stack, built with the project's factories
 * (retries, timeouts, path-style S3) against `endpoint`.
 *
 * @example
 * const clients = createStackClients('http://127.0.0.1:4566', 'us-east-1');
 */
export function createStackClients(endpoint: string, region: string): StackClients {
  const env = emulatorEnv(endpoint, region);
  // Tooling timeouts (tests and benches upload files of tens of MB to a loaded emulator); one
  // handler per client, since destroying a client destroys its handler.
  const overrides = () => ({
    credentials: { ...DUMMY_CREDENTIALS },
    requestHandler: timeoutHandler(CALL_TIMEOUTS.tooling),
  });
  const dynamodb = new DynamoDBClient({ ...baseClientConfig(env), ...overrides() });
  const clients = {
    s3: createS3Client(overrides(), env),
    sqs: createSqsClient(overrides(), env),
    sns: createSnsClient(overrides(), env),
    dynamodb,
    documentClient: DynamoDBDocumentClient.from(dynamodb, {
      marshallOptions: { removeUndefinedValues: true },
    }),
    scheduler: new SchedulerClient({ ...baseClientConfig(env), ...overrides() }),
  };
  return {
    ...clients,
    destroy: () => {
      clients.s3.destroy();
      clients.sqs.destroy();
      clients.sns.destroy();
      clients.documentClient.destroy();
      clients.dynamodb.destroy();
      clients.scheduler.destroy();
    },
  };
}
