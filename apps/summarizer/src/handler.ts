import { Logger } from '@aws-lambda-powertools/logger';
import { createDynamoDocumentClient } from '@energy/aws-clients/dynamodb';
import { SummaryTable } from '@energy/aws-clients/summary-table';
import { withTelemetry } from '@energy/aws-clients/telemetry';
import type { Context } from 'aws-lambda';
import { parseSummarizerEnvironment } from './environment.js';
import { runSummarizer, type SummarizerReport } from './runSummarizer.js';

// Built once per container; a missing setting fails the cold start naming the variable.
const logger = new Logger();
const config = parseSummarizerEnvironment(process.env);
const table = new SummaryTable(createDynamoDocumentClient(), config.summaryTable);

/** EventBridge Scheduler target: rolls the changed contributions up into per-site hours and days. */
export const handler = async (_event: unknown, context: Context): Promise<SummarizerReport> =>
  withTelemetry({ logger, context }, () => runSummarizer({ table, logger }));
