import { Logger } from '@aws-lambda-powertools/logger';
import { createDynamoDocumentClient } from '@energy/aws-clients/dynamodb';
import { createSnsClient } from '@energy/aws-clients/sns';
import { withTelemetry } from '@energy/aws-clients/telemetry';
import type { Context } from 'aws-lambda';
import { AlerterStore } from './AlerterStore.js';
import { parseAlerterEnvironment } from './environment.js';
import { ReadingSamples } from './ReadingSamples.js';
import { type AlerterReport, runAlerter } from './runAlerter.js';

// Built once per container; a missing or malformed setting fails the cold start naming the variable.
const logger = new Logger();
const config = parseAlerterEnvironment(process.env);
const ddb = createDynamoDocumentClient();
const store = new AlerterStore(ddb, config.summaryTable);
const samples = new ReadingSamples(ddb, config.readingsTable);
const sns = createSnsClient();

/** EventBridge Scheduler target: folds new contributions into alert state, announces state changes and the digest. */
export const handler = async (_event: unknown, context: Context): Promise<AlerterReport> =>
  withTelemetry({ logger, context }, () =>
    runAlerter({ store, samples, sns, topicArn: config.alertTopicArn, settings: config.settings, logger }),
  );
