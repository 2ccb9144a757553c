import type { Logger } from '@aws-lambda-powertools/logger';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as processor from '@energy/processor';

/** What the harness gives the processor: metered clients, its parsed config, a logger and the simulated clock. */
export type ProcessorInputs = {
  /** S3 client. */
  s3: S3Client;
  /** DynamoDB document client. */
  ddb: DynamoDBDocumentClient;
  /** SNS client. */
  sns: SNSClient;
  /** SQS client (the restructured processor sends continuation messages with it). */
  sqs: SQSClient;
  /** The processor's environment, as the local stack builds it. */
  environment: Record<string, string>;
  /** Logger. */
  logger: Logger;
  /** Simulated epoch ms. */
  now: () => number;
};

/** One SQS message through the processor; what it stored. */
export type ProcessorRunner = (message: { messageId: string; body: string }) => Promise<{
  stored: number;
  anomalies: number;
}>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Outcome = { kind: string; reports?: { stored: number; anomalies: number }[] };
type Exports = Record<string, unknown>;

/**
 * Binds `processMessage` to the harness, whichever shape this branch's processor has: the
 * restructured one (`processMessage(context, message)` with a context from `startInvocation`,
 * one clock) or the first one (`processMessage(deps, message, logger)` with `now`/`sleep`/`random`).
 * Each call is one invocation without a deadline: the harness measures the work, it does not cut it.
 */
export function bindProcessor(inputs: ProcessorInputs): ProcessorRunner {
  const exports = processor as unknown as Exports;
  const config = (exports.parseProcessorEnvironment as (env: NodeJS.ProcessEnv) => unknown)(
    inputs.environment,
  );
  const metrics = { addMetric: () => undefined };
  const clock = { now: inputs.now, sleep, random: Math.random };
  const processMessage = exports.processMessage as (...args: unknown[]) => Promise<Outcome>;
  const startInvocation = exports.startInvocation as
    | ((context: unknown) => { context: unknown; end: () => void })
    | undefined;
  const count = (outcome: Outcome) => ({
    stored: (outcome.reports ?? []).reduce((sum, report) => sum + report.stored, 0),
    anomalies: (outcome.reports ?? []).reduce((sum, report) => sum + report.anomalies, 0),
  });
  const { s3, ddb, sns, sqs, logger } = inputs;
  if (startInvocation) {
    return async (message) => {
      const invocation = startInvocation({ s3, ddb, sns, sqs, config, logger, metrics, clock });
      try {
        return count(await processMessage(invocation.context, message));
      } finally {
        invocation.end();
      }
    };
  }
  const deps = { s3, ddb, sns, config, metrics, now: inputs.now, sleep, random: Math.random };
  return async (message) => count(await processMessage(deps, message, logger));
}
